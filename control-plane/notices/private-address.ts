/**
 * Tenant admins choose where notices are posted. The control plane must not become their
 * way into the vendor's own network, so addresses on loopback, private, link-local and
 * unique-local ranges (and `localhost`) are refused for them unless the operator allows it.
 * Names are checked as written; a public name that resolves to a private address is the
 * outbound firewall's job.
 */
import { isIP } from 'node:net';

const PRIVATE_V4: ReadonlyArray<readonly [number, number]> = [
  [0x00000000, 8], // 0.0.0.0/8
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 carrier-grade NAT
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16 link-local, cloud metadata
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
];

function privateV4(address: string): boolean {
  const value = address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  return PRIVATE_V4.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

function privateV6(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === '::1' || lower === '::') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return privateV4(mapped[1]);
  // URL parsing writes a mapped IPv4 address in hex: ::ffff:a00:1 is 10.0.0.1.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return privateV4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  return /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}

/** Why `url` may not be used by a tenant, or null when it may. */
export function privateAddressProblem(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
  const lower = host.toLowerCase();
  const refused =
    lower === 'localhost' || lower.endsWith('.localhost') || (isIP(host) === 4 && privateV4(host)) || (isIP(host) === 6 && privateV6(host));
  return refused ? 'url: must be a public address; loopback, private and link-local addresses are refused for tenant contacts' : null;
}
