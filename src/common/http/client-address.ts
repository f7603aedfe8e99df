// Client addresses as Hearth keeps them: the key of every per-IP limit, and the approximate address shown to users.
import { isIPv4, isIPv6 } from 'node:net';

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** Expands `::` so that an IPv6 address has its 8 groups. */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part fills two groups.
  const dotted = address.includes('.') ? 1 : 0;
  const missing = tail === undefined ? 0 : 8 - left.length - right.length - dotted;
  return [...left, ...Array<string>(missing).fill('0'), ...right];
}

/**
 * IPv4 addresses are counted one by one; IPv6 clients per /64, the block one subscriber usually holds (counting
 * single IPv6 addresses would give each client 2^64 budgets). The address comes from `request.ip`, which
 * TRUST_PROXY decides.
 */
export function clientAddressKey(ip: string): string {
  const mapped = IPV4_MAPPED.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const groups = ipv6Groups(ip.split('%')[0]);
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The network an address belongs to, as stored with a session and shown in the sessions list: IPv4 per /24, IPv6
 * per /48 (roughly "which provider, which city"), so that the full address is never stored. Null when `ip` is not
 * an address.
 */
export function approximateAddress(ip: string): string | null {
  const address = IPV4_MAPPED.exec(ip)?.[1] ?? ip.split('%')[0];
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(address)) return null;
  const groups = ipv6Groups(address).slice(0, 3);
  return `${groups.map((group) => parseInt(group, 16).toString(16)).join(':')}::/48`;
}
