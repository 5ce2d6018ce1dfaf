// Writes a realistic, deterministic placement file (zh-CN names and addresses, valid national ids,
// CN mobiles, every bucket M1…M6+):
//   node tools/cli/dist/generate-placement.js [--rows 1000000] [--out placement.csv] [--format csv|xlsx]
//                                             [--seed 42] [--prefix ACC] [--start 0] [--placed-on yyyy-mm-dd]
//                                             [--messy] [--bad-rate 0.01]
// CSV is streamed (any size); XLSX is built in memory, for small demo files.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writePlacementCsv, writePlacementXlsx } from '@arrears/seed';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    format: { type: 'string', default: 'csv' },
    seed: { type: 'string', default: '42' },
    prefix: { type: 'string', default: 'ACC' },
    start: { type: 'string', default: '0' },
    'placed-on': { type: 'string' },
    messy: { type: 'boolean', default: false },
    'bad-rate': { type: 'string', default: '0' },
  },
});

const rows = Number(values.rows?.replace(/[_,]/g, ''));
const format = values.format === 'xlsx' ? 'xlsx' : values.format === 'csv' ? 'csv' : null;
if (!Number.isInteger(rows) || rows < 0 || !format || (values['placed-on'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['placed-on']))) {
  console.error('usage: generate-placement [--rows N] [--out FILE] [--format csv|xlsx] [--seed N] [--prefix P] [--start N] [--placed-on yyyy-mm-dd] [--messy] [--bad-rate 0..1]');
  process.exit(2);
}
if (format === 'xlsx' && rows > 200_000) {
  console.error('XLSX files are built in memory: use CSV above 200,000 rows');
  process.exit(2);
}
const out = path.resolve(values.out ?? `placement-${rows}.${format}`);
const opts = {
  rows,
  seed: Number(values.seed),
  bankRefPrefix: values.prefix,
  startIndex: Number(values.start),
  placedOn: values['placed-on'],
  messy: values.messy,
  badRowRate: Number(values['bad-rate']),
};
const started = Date.now();
const n = format === 'csv' ? await writePlacementCsv(out, opts) : await writePlacementXlsx(out, opts);
console.log(`wrote ${n.toLocaleString('en')} rows to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
