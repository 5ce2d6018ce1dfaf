import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketFor, daysPastDue, isValidChineseNationalId, resolveHeaders, validateRow } from '@arrears/accounts';
import { generatePlacementRows, PLACEMENT_HEADERS, writePlacementCsv, writePlacementXlsx } from './placement-generator.js';

const PLACED_ON = '2024-06-30';

describe('placement generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = [...generatePlacementRows({ rows: 50, seed: 7, placedOn: PLACED_ON })];
    const b = [...generatePlacementRows({ rows: 50, seed: 7, placedOn: PLACED_ON })];
    const c = [...generatePlacementRows({ rows: 50, seed: 8, placedOn: PLACED_ON })];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('produces rows the importer accepts, with valid ids, CN mobiles and every bucket M1…M6+', () => {
    const r = resolveHeaders([...PLACEMENT_HEADERS]);
    if (!r.ok) throw new Error(r.error);
    const buckets = new Set<string>();
    const rows = [...generatePlacementRows({ rows: 700, placedOn: PLACED_ON, messy: true })];
    rows.forEach((cells, i) => {
      expect(isValidChineseNationalId(cells[3])).toBe(true);
      const v = validateRow(cells, i + 2, { resolved: r.resolved, clientCurrency: 'CNY', placedOn: PLACED_ON });
      if (!v.ok) throw new Error(`row ${i + 2}: ${JSON.stringify(v.rejections)}`);
      expect(v.row.phones.every((p) => /^1[3-9]\d{9}$/.test(p))).toBe(true);
      expect(v.row.cardLast4).toBe(cells[1].slice(-4));
      buckets.add(bucketFor(daysPastDue(v.row.delinquentSince, PLACED_ON)));
    });
    expect([...buckets].sort()).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6+']);
    expect(new Set(rows.map((x) => x[0])).size).toBe(700);
  });

  it('injects the asked share of bad rows', () => {
    const r = resolveHeaders([...PLACEMENT_HEADERS]);
    if (!r.ok) throw new Error(r.error);
    const rows = [...generatePlacementRows({ rows: 1000, placedOn: PLACED_ON, badRowRate: 0.1 })];
    const bad = rows.filter((cells, i) => !validateRow(cells, i + 2, { resolved: r.resolved, clientCurrency: 'CNY', placedOn: PLACED_ON }).ok).length;
    expect(bad).toBeGreaterThan(60);
    expect(bad).toBeLessThan(140);
  });

  it('writes CSV and XLSX files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placement-gen-'));
    try {
      const csv = path.join(dir, 'p.csv');
      expect(await writePlacementCsv(csv, { rows: 1234, placedOn: PLACED_ON })).toBe(1234);
      const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1235);
      expect(lines[0]).toBe(PLACEMENT_HEADERS.join(','));
      const xlsx = path.join(dir, 'p.xlsx');
      expect(await writePlacementXlsx(xlsx, { rows: 20, placedOn: PLACED_ON })).toBe(20);
      expect(fs.statSync(xlsx).size).toBeGreaterThan(1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
