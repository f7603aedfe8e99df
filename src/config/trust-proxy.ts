// Which peers may tell Hearth the client's address (X-Forwarded-For), scheme and host: TRUST_PROXY.
import { isIP } from 'node:net';

/**
 * `false`: nobody (the socket's peer is the client). `true`: everybody (the leftmost X-Forwarded-For entry wins,
 * which any client can write). A number: that many proxy hops in front of Hearth. A list: the addresses or CIDR
 * ranges of the proxies (or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = boolean | number | readonly string[];

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, yes: true, false: false, no: false };
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 10;

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

/** The setting, or a message saying what is wrong with the value. */
export function parseTrustProxy(raw: string | undefined): TrustProxy | { error: string } {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return false;
  if (value in BOOLEAN_WORDS) return BOOLEAN_WORDS[value];
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= MAX_HOPS ? hops : { error: `a hop count must be at most ${MAX_HOPS}` };
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) {
    return { error: `"${bad}" is not an IP address, a CIDR range, loopback, linklocal or uniquelocal` };
  }
  return entries;
}

type FastifyTrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

/**
 * Fastify refuses bare hop counts (they trust whatever connects directly), so a count becomes the equivalent
 * function: the nearest `hops` addresses are proxies, and the entry before them is the client. That is only
 * safe when clients cannot reach Hearth's port except through the proxies; the README says so.
 */
export function fastifyTrustProxy(setting: TrustProxy): FastifyTrustProxy {
  if (typeof setting === 'number') return setting === 0 ? false : (_address, hop) => hop < setting;
  return typeof setting === 'boolean' ? setting : [...setting];
}
