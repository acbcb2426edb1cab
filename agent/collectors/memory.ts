/** Memory and swap from /proc/meminfo. */
import type { MemoryMetrics } from '../../protocol/index.ts';

/** Parses /proc/meminfo (values in kB) into memory metrics in bytes. */
export function parseMeminfo(text: string): MemoryMetrics {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(line);
    if (match) kb.set(match[1], Number(match[2]) * 1024);
  }
  const total = kb.get('MemTotal') ?? 0;
  // MemAvailable exists since Linux 3.14; older kernels get the classic estimate.
  const available = kb.get('MemAvailable') ?? (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0);
  const used = Math.max(0, total - available);
  const swapTotal = kb.get('SwapTotal') ?? 0;
  return {
    totalBytes: total,
    usedBytes: used,
    availableBytes: Math.min(available, total),
    usedPercent: total > 0 ? Math.round((used / total) * 10_000) / 100 : 0,
    swapTotalBytes: swapTotal,
    swapUsedBytes: Math.max(0, swapTotal - (kb.get('SwapFree') ?? 0)),
  };
}
