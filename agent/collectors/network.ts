/** Network receive/transmit rates from /proc/net/dev deltas. */
import type { NetworkMetrics } from '../../protocol/index.ts';

/** Cumulative byte counters per interface. */
export type NetCounters = Map<string, { rxBytes: number; txBytes: number }>;

/** Parses /proc/net/dev, leaving out the loopback interface. */
export function parseNetDev(text: string): NetCounters {
  const counters: NetCounters = new Map();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const iface = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (iface === 'lo' || fields.length < 9) continue;
    counters.set(iface, { rxBytes: fields[0], txBytes: fields[8] });
  }
  return counters;
}

function rate(previous: number, current: number, seconds: number): number {
  // A counter that went down was reset (interface re-created) or wrapped: no rate this time.
  return current >= previous ? Math.round(((current - previous) / seconds) * 10) / 10 : 0;
}

/** Bytes per second per interface present in both readings, `elapsedMs` apart. */
export function networkRates(previous: NetCounters, current: NetCounters, elapsedMs: number): NetworkMetrics[] {
  if (elapsedMs <= 0) return [];
  const seconds = elapsedMs / 1000;
  const rates: NetworkMetrics[] = [];
  for (const [iface, now] of current) {
    const before = previous.get(iface);
    if (!before) continue;
    rates.push({ iface: iface.slice(0, 64), rxBytesPerSecond: rate(before.rxBytes, now.rxBytes, seconds), txBytesPerSecond: rate(before.txBytes, now.txBytes, seconds) });
  }
  return rates.slice(0, 256);
}
