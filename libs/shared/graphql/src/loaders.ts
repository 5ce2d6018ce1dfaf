import DataLoader from 'dataloader';
import type { RequestContext } from '@arrears/tenancy';

/**
 * A DataLoader that lives exactly as long as the request (so it never serves one tenant's rows to
 * another) and batches through the request's own transaction.
 */
export function perRequestLoader<K, V>(ctx: RequestContext, name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 });
    ctx.loaders.set(name, loader);
  }
  return loader;
}
