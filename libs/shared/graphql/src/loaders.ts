import DataLoader from 'dataloader';
import type { RequestContext } from '@arrears/tenancy';

/**
 * A DataLoader that lives exactly as long as the request (so it never serves one tenant's rows to
 * another) and batches through the request's own transaction.
 */
export function perRequestLoader<K, V, C = K>(
  ctx: RequestContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
  opts: { cacheKeyFn?: (key: K) => C } = {},
): DataLoader<K, V, C> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V, C> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V, C>(batch, { maxBatchSize: 500, cacheKeyFn: opts.cacheKeyFn });
    ctx.loaders.set(name, loader);
  }
  return loader;
}
