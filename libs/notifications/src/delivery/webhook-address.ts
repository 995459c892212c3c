import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may point. A member of staff types the URL; the worker then calls it from
 * inside the installation's network. So: https only in production, and no loopback, private,
 * link-local (cloud metadata) or other special address unless WEBHOOK_ALLOW_PRIVATE — checked
 * on PUT for literal addresses and again, on every delivery, for what the name resolves to
 * (a name may resolve elsewhere later).
 */
const SPECIAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  SPECIAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  SPECIAL.addSubnet(network, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = address.toLowerCase().match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return SPECIAL.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return SPECIAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface WebhookRules {
  production: boolean;
  allowPrivate: boolean;
}

/** What is wrong with a webhook URL, or null. */
export function webhookUrlProblem(value: string, rules: WebhookRules): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && (rules.production || url.protocol !== 'http:')) {
    return rules.production ? 'must be https' : 'must be http or https';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!rules.allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    return 'must not point at this machine';
  }
  if (!rules.allowPrivate && isIP(host) && isPrivateAddress(host)) {
    return 'must not point at a private, loopback or link-local address';
  }
  return null;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A DNS lookup for http.request that refuses private addresses: the check and the connection use
 * the same answer, so a name cannot resolve to a public address for the check and a private one
 * for the call.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const refused = !allowPrivate && list.some((entry) => isPrivateAddress(entry.address));
      if (refused) {
        const problem = new Error(`webhook host resolves to a private address`) as NodeJS.ErrnoException;
        problem.code = 'EPRIVATEADDRESS';
        return callback(problem, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
