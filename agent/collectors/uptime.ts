/** Uptime from /proc/uptime. */

/** Parses /proc/uptime (seconds since boot, then idle seconds). */
export function parseUptime(text: string): number {
  const seconds = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 0;
}
