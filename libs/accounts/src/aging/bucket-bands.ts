import { z } from 'zod';
import { definePolicyKind, type PolicyKind } from '@arrears/platform';
import { BUCKETS, CHINA_BAND_STARTS, type BandStarts } from './aging.js';

const band = z.object({
  bucket: z.enum(BUCKETS.slice(1) as [string, ...string[]]),
  fromDay: z.number().int().min(1).max(3650),
  label: z.string().trim().min(1).max(24),
});

const bandsSchema = z
  .object({ bands: z.array(band).length(7) })
  .superRefine((b, ctx) => {
    b.bands.forEach((x, i) => {
      if (x.bucket !== BUCKETS[i + 1]) ctx.addIssue({ code: 'custom', path: ['bands', i, 'bucket'], message: `band ${i + 1} must be ${BUCKETS[i + 1]}` });
      if (i === 0 && x.fromDay !== 1) ctx.addIssue({ code: 'custom', path: ['bands', 0, 'fromDay'], message: 'M1 starts on the first delinquent day (1)' });
      if (i > 0 && x.fromDay <= b.bands[i - 1].fromDay) ctx.addIssue({ code: 'custom', path: ['bands', i, 'fromDay'], message: 'bands must start on ascending days' });
    });
  });

export type BucketBands = z.infer<typeof bandsSchema>;

const bands = (starts: BandStarts, labels: readonly string[]): BucketBands => ({
  bands: starts.map((fromDay, i) => ({ bucket: BUCKETS[i + 1], fromDay, label: labels[i] })),
});

/**
 * Which days past due each bucket slot holds, per client. The slots (M1…M6+) stay the same for every
 * bank so roll rates compare; the days and the label the bank's reports use come from here.
 *
 * "May only tighten" does not apply: a banding is how the bank counts its portfolio, not a protection
 * of the debtor. No banding lets anybody contact, charge or report more; holds, contact limits and
 * write-off follow their own rules (write-off follows charge_off_date). So any well-formed banding is
 * accepted, from either preset.
 */
export const BUCKET_BANDS: PolicyKind<BucketBands> = definePolicyKind<BucketBands>({
  kind: 'bucket_bands',
  description: 'Bucket bands: the first day past due of M1…M6+ and their labels',
  schema: bandsSchema as unknown as z.ZodType<BucketBands>,
  presets: {
    // 中国银行业惯例: M1 = 1–30 … M6 = 151–180, M6+ beyond.
    china_30_day: bands(CHINA_BAND_STARTS, ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6+']),
    // US cycles: "30" = 30–59 days past due … "180+"; the first 29 days are their own band.
    us_30_60_90: bands([1, 30, 60, 90, 120, 150, 180], ['1–29', '30', '60', '90', '120', '150', '180+']),
  },
  defaultPreset: 'china_30_day',
  loosenings: () => [],
});

export const bandStarts = (b: BucketBands): number[] => b.bands.map((x) => x.fromDay);
