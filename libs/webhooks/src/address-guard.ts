import dns from 'node:dns';
import net from 'node:net';

/**
 * The SSRF guard of webhook delivery: a bank chooses the URL, so without it a subscription could make
 * our servers call the database, the metrics port or a cloud metadata endpoint. Addresses that are not
 * public unicast are refused (loopback, private, link-local, CGNAT, unique-local, multicast, reserved).
 */
const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net4, prefix, 'ipv4');
}
for (const [net6, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net6, prefix, 'ipv6');
}

/** True for an address a webhook may be sent to when private addresses are refused. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  // IPv4-mapped (::ffff:10.0.0.1) and IPv4-compatible forms are judged as the IPv4 address they carry.
  const mapped = /^::(ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[2]);
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hexMapped) {
    const hi = parseInt(hexMapped[1], 16);
    const lo = parseInt(hexMapped[2], 16);
    return isPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return !blocked.check(address, 'ipv6');
}

export class RefusedDestination extends Error {
  override name = 'RefusedDestination';
}

/** Checks a subscription URL's shape: http(s), a host, no credentials. Returns a reason or null. */
export function urlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The URL is not valid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Only http and https URLs are allowed';
  if (!url.hostname) return 'The URL has no host';
  if (url.username || url.password) return 'The URL must not carry credentials';
  if (raw.length > 2000) return 'The URL is longer than 2000 characters';
  return null;
}

/**
 * A `lookup` for http.request that refuses non-public addresses. Checking the address the socket really
 * connects to (not a separate DNS query before the request) leaves no window for DNS rebinding.
 */
export function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as (e: Error | null, a: dns.LookupAddress[]) => void)(err, []);
      const list = addresses as dns.LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (!allowed.length) {
        return (callback as (e: Error | null, a: dns.LookupAddress[]) => void)(new RefusedDestination(`${hostname} resolves to a private or reserved address`), []);
      }
      if ((options as dns.LookupOptions).all) return (callback as (e: Error | null, a: dns.LookupAddress[]) => void)(null, allowed);
      return (callback as (e: Error | null, a: string, f: number) => void)(null, allowed[0].address, allowed[0].family);
    });
  };
}
