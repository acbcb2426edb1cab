/**
 * One sample's host metrics. On Linux everything comes from /proc and statfs (no child
 * processes); elsewhere node's os module gives a smaller picture (no per-interface rates).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { HostMetrics } from '../../protocol/index.ts';
import { cpuUsagePercent, parseLoadavg, parseProcStat, type CpuTimes } from './cpu.ts';
import { collectDisks, parseMounts, type MountEntry } from './disks.ts';
import { parseMeminfo } from './memory.ts';
import { networkRates, parseNetDev, type NetCounters } from './network.ts';
import { ProcessTable } from './processes.ts';
import { parseUptime } from './uptime.ts';

// os.cpus() times stand in for /proc/stat where there is no /proc.
function osCpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const { user, nice, sys, idle, irq } = cpu.times;
    busy += user + nice + sys + irq;
    total += user + nice + sys + irq + idle;
  }
  return { busy, total, cores: Math.max(1, os.cpus().length) };
}

/** Keeps the previous counters so each sample reports rates over its own interval. */
export class HostMetricsCollector {
  private cpu: CpuTimes | null = null;
  private net: NetCounters = new Map();
  private netAt = 0;
  private mountsText = '';
  private mounts: MountEntry[] = [];
  private readonly linux: boolean;

  constructor(private readonly procRoot = '/proc') {
    this.linux = os.platform() === 'linux';
  }

  /** Takes the first counter readings, so the first sample already has a real interval. */
  prime(now: number): void {
    this.cpu = this.readCpu();
    this.net = this.readNet();
    this.netAt = now;
  }

  /** Collects one sample's metrics at instant `now` (epoch ms); `processes` is the round's shared view of /proc. */
  async collect(now: number, processes = new ProcessTable(this.procRoot)): Promise<HostMetrics> {
    const cpu = this.readCpu();
    const usagePercent = this.cpu ? cpuUsagePercent(this.cpu, cpu) : 0;
    this.cpu = cpu;
    const net = this.readNet();
    const network = networkRates(this.net, net, now - this.netAt);
    this.net = net;
    this.netAt = now;
    const [load1, load5, load15] = this.linux ? Object.values(parseLoadavg(this.read('loadavg'))) : os.loadavg();
    return {
      cpu: { usagePercent, load1, load5, load15, cores: cpu.cores },
      memory: this.linux ? parseMeminfo(this.read('meminfo')) : this.osMemory(),
      disks: await collectDisks(this.currentMounts()),
      network,
      uptimeSeconds: this.linux ? parseUptime(this.read('uptime')) : os.uptime(),
      processCount: this.linux ? processes.pids().length : 0,
    };
  }

  private read(name: string): string {
    return readFileSync(`${this.procRoot}/${name}`, 'utf8');
  }

  private readCpu(): CpuTimes {
    return (this.linux ? parseProcStat(this.read('stat')) : null) ?? osCpuTimes();
  }

  private readNet(): NetCounters {
    return this.linux ? parseNetDev(this.read('net/dev')) : new Map();
  }

  // The mount table rarely changes: parse it again only when its text does.
  private currentMounts(): MountEntry[] {
    if (!this.linux) return [{ device: 'root', mount: '/', fsType: 'unknown' }];
    const text = this.read('self/mounts');
    if (text !== this.mountsText) {
      this.mountsText = text;
      this.mounts = parseMounts(text);
    }
    return this.mounts;
  }

  private osMemory(): HostMetrics['memory'] {
    const total = os.totalmem();
    const free = os.freemem();
    return {
      totalBytes: total,
      usedBytes: total - free,
      availableBytes: free,
      usedPercent: total > 0 ? Math.round(((total - free) / total) * 10_000) / 100 : 0,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
    };
  }
}
