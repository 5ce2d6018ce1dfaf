import fs from 'node:fs';
import path from 'node:path';

const FILE = path.resolve(import.meta.dirname, '../../../../docs/benchmarks.md');

/**
 * Replaces one generated section of docs/benchmarks.md (between its markers), leaving the rest of
 * the file — prose and the other benchmark's section — as it is.
 */
export function writeBenchSection(name: string, body: string): void {
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  const block = `${begin}\n${body}\n${end}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  const next = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, next);
}
