/** Realistic protocol records for tests and load generators. */
import type { HostFacts, SampleRecord } from '../../protocol/index.ts';

export function hostFacts(hostname: string, agentVersion = '0.1.0'): HostFacts {
  return {
    hostname,
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0-18-amd64', arch: 'x64' },
    cpu: { model: 'Intel(R) Xeon(R) Gold 6248R', cores: 8 },
    memoryBytes: 32 * 1024 ** 3,
    addresses: [{ iface: 'eth0', address: '10.0.0.12', family: 'IPv4' }],
    agentVersion,
  };
}

/** A sample with 20 metrics-worth of numbers and 5 checks, like a real agent's. */
export function sampleRecord(seq: number, at: number, cpuPercent = 12.5): SampleRecord {
  return {
    seq,
    at,
    kind: 'sample',
    metrics: {
      cpu: { usagePercent: cpuPercent, load1: 0.42, load5: 0.38, load15: 0.3, cores: 8 },
      memory: { totalBytes: 34359738368, usedBytes: 12884901888, availableBytes: 21474836480, usedPercent: 37.5, swapTotalBytes: 2147483648, swapUsedBytes: 0 },
      disks: [
        { mount: '/', fsType: 'ext4', totalBytes: 107374182400, usedBytes: 42949672960, usedPercent: 40, inodesTotal: 6553600, inodesUsed: 412345, inodesUsedPercent: 6.29 },
        { mount: '/var', fsType: 'xfs', totalBytes: 536870912000, usedBytes: 268435456000, usedPercent: 50, inodesTotal: 26214400, inodesUsed: 120000, inodesUsedPercent: 0.46 },
      ],
      network: [{ iface: 'eth0', rxBytesPerSecond: 125000, txBytesPerSecond: 64000 }],
      uptimeSeconds: 864000,
      processCount: 212,
    },
    checks: [
      { name: 'erp-web', kind: 'http', status: 'ok', message: 'HTTP 200', latencyMs: 38, httpStatus: 200, tlsDaysLeft: 80 },
      { name: 'db-port', kind: 'tcp', status: 'ok', message: 'connected', latencyMs: 1.2 },
      { name: 'java', kind: 'process', status: 'ok', message: '3 running' },
      { name: 'nginx', kind: 'systemd', status: 'ok', message: 'active' },
      { name: 'backup-age', kind: 'command', status: 'ok', message: 'last backup 3h ago' },
    ],
  };
}
