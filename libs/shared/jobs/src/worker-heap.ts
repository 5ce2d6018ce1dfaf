import v8 from 'node:v8';

/**
 * Sizes V8's heap for a process that runs jobs. By default V8 lets the old generation grow to about four
 * times what is still alive before it collects, when collecting is cheap: a placement import keeps about
 * 60 MB alive and its process peaked at 360 MB for 100,000 rows and over 500 MB for a million. With
 * `--optimize-for-size` V8 grows the heap by a small factor instead, and the same imports peak at about
 * 190 MB at the same speed (their time is the database's; docs/benchmarks.md, "Import: peak memory").
 * The growth factor is read at every collection, so setting the flag once the process runs takes effect.
 * Only dedicated worker processes call this: the gateway keeps V8's defaults for its hot reads.
 */
export function sizeHeapForJobs(): void {
  v8.setFlagsFromString('--optimize-for-size');
}
