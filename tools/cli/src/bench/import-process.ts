// One placement import in a Node process of its own, as the worker runs it. The import benchmark starts
// one per file, so that the peak memory it reports is the import's, read from the kernel's high-water
// mark of the process (VmHWM), and not the file generation's or the other import's in the benchmark's
// own process.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createDataSource } from '@arrears/db';
import { PlacementImporter, ProtectedData, type PlacementImportResult } from '@arrears/accounts';
import { sizeHeapForJobs } from '@arrears/jobs';

export interface ImportProcessArgs {
  appUrl: string;
  dataEncryptionKey: string;
  batchSize?: number;
  claims: { userId: string; agencyId: string };
  clientId: string;
  filePath: string;
  placedOn: string;
}

export interface ImportProcessResult {
  result: PlacementImportResult;
  ms: number;
  /** Resident memory once connected, before the import, and the process's peak (bytes). */
  baseRss: number;
  peakRss: number;
}

/** A figure of /proc/self/status in bytes (Linux). */
function statusBytes(field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (!m) throw new Error(`no ${field} in /proc/self/status`);
  return Number(m[1]) * 1024;
}

/** Runs the import in a new process (with this process's NODE_OPTIONS, so a heap cap applies to it too). */
export function runImportProcess(args: ImportProcessArgs): Promise<ImportProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [import.meta.filename, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ImportProcessResult);
      else reject(new Error(`the import process exited ${code}: ${out.slice(-500)}`));
    });
  });
}

async function main(args: ImportProcessArgs) {
  // As the worker process sizes its heap (BENCH_HEAP=default leaves V8's defaults, for comparison).
  if (process.env.BENCH_HEAP !== 'default') sizeHeapForJobs();
  const app = createDataSource({ url: args.appUrl, poolSize: 4, applicationName: 'arrears-import-bench' });
  await app.initialize();
  const key = args.dataEncryptionKey;
  const importer = new PlacementImporter({ protectedData: new ProtectedData(key, { 1: key }), batchSize: args.batchSize, log: (m, e) => console.error(m, e) });
  const baseRss = statusBytes('VmRSS');
  const started = performance.now();
  const result = await importer.run({ dataSource: app, claims: args.claims, clientId: args.clientId, filePath: args.filePath, fileName: args.filePath.split('/').pop()!, placedOn: args.placedOn });
  const ms = performance.now() - started;
  const peakRss = statusBytes('VmHWM');
  await app.destroy();
  const out: ImportProcessResult = { result, ms, baseRss, peakRss };
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (process.argv[1] === import.meta.filename) {
  main(JSON.parse(process.argv[2]) as ImportProcessArgs).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
