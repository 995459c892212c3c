import { isIP } from 'node:net';
import { ValidateBy } from 'class-validator';

/** The names express (proxy-addr) knows for groups of addresses. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const MESSAGE =
  'TRUST_PROXY must be the number of proxies in front of huquq (1-10) or a comma-separated list of ' +
  'their addresses or subnets (10.0.0.5, 10.0.0.0/8, loopback, uniquelocal); `true` is refused: ' +
  'it would believe any X-Forwarded-For a client makes up';

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length) return false;
  if (bits === undefined) return true;
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Express's `trust proxy` setting from TRUST_PROXY: `false` (unset: the client is the socket's
 * peer), a hop count, or the proxies' addresses and subnets. Express then takes the client's
 * address from the rightmost X-Forwarded-For entry that is not a trusted proxy, which a client
 * cannot forge. `undefined` when the value is not one of these.
 */
export function trustProxySetting(value: string | undefined): false | number | string[] | undefined {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^[0-9]+$/.test(text)) {
    const hops = Number(text);
    return hops <= 10 ? hops : undefined;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.every(isAddressOrSubnet) ? entries : undefined;
}

/** Refuses a TRUST_PROXY that express would misread or that trusts every client. */
export function IsTrustProxy(): PropertyDecorator {
  return ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) =>
        value === undefined || (typeof value === 'string' && trustProxySetting(value) !== undefined),
      defaultMessage: () => MESSAGE,
    },
  });
}
