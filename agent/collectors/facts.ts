/** Host facts (OS, kernel, CPU, memory, addresses) from node's os module and /etc/os-release. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { HostFacts } from '../../protocol/index.ts';

/** Parses os-release into its keys, unquoting values. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) out[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2').replace(/\\(.)/g, '$1');
  }
  return out;
}

function readOsRelease(): Record<string, string> {
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      return parseOsRelease(readFileSync(path, 'utf8'));
    } catch {
      // Try the next location; hosts without either simply report an empty distro.
    }
  }
  return {};
}

function addresses(): HostFacts['addresses'] {
  const out: HostFacts['addresses'] = [];
  for (const [iface, list] of Object.entries(os.networkInterfaces())) {
    for (const entry of list ?? []) {
      if (!entry.internal) out.push({ iface: iface.slice(0, 64), address: entry.address.slice(0, 64), family: entry.family });
    }
  }
  return out.slice(0, 256);
}

/** Gathers this host's facts; no child processes are started. */
export function gatherFacts(agentVersion: string): HostFacts {
  const release = os.platform() === 'linux' ? readOsRelease() : {};
  const cpus = os.cpus();
  return {
    hostname: (os.hostname() || 'unknown').slice(0, 255),
    os: {
      platform: os.platform(),
      distro: (release.PRETTY_NAME ?? release.NAME ?? os.version()).slice(0, 128),
      release: (release.VERSION_ID ?? '').slice(0, 128),
      kernel: os.release().slice(0, 128),
      arch: os.arch(),
    },
    cpu: { model: (cpus[0]?.model ?? 'unknown').trim().slice(0, 256), cores: Math.max(1, cpus.length) },
    memoryBytes: os.totalmem(),
    addresses: addresses(),
    agentVersion: agentVersion.slice(0, 64),
  };
}
