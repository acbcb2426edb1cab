import { describe, expect, it } from 'vitest';
import { cpuUsagePercent, parseLoadavg, parseProcStat } from '../../agent/collectors/cpu.ts';
import { diskMetrics, isMeasuredMount, parseMounts } from '../../agent/collectors/disks.ts';
import { parseOsRelease } from '../../agent/collectors/facts.ts';
import { parseMeminfo } from '../../agent/collectors/memory.ts';
import { networkRates, parseNetDev } from '../../agent/collectors/network.ts';
import { parseUptime } from '../../agent/collectors/uptime.ts';

const STAT_A = `cpu  1000 0 500 8000 500 0 0 0 0 0
cpu0 500 0 250 4000 250 0 0 0 0 0
cpu1 500 0 250 4000 250 0 0 0 0 0
intr 12345
ctxt 999
processes 4321
procs_running 2
`;
const STAT_B = `cpu  1600 0 700 8600 600 50 50 0 200 0
cpu0 800 0 350 4300 300 25 25 0 100 0
cpu1 800 0 350 4300 300 25 25 0 100 0
`;

describe('/proc/stat', () => {
  it('sums busy and total ticks, leaving guest time out, and counts cores', () => {
    expect(parseProcStat(STAT_A)).toEqual({ busy: 1500, total: 10_000, cores: 2 });
    expect(parseProcStat(STAT_B)).toEqual({ busy: 2400, total: 11_600, cores: 2 });
  });

  it.each([
    ['half busy between readings', STAT_A, STAT_B, 56.25],
    ['no time passed', STAT_A, STAT_A, 0],
  ])('usage is %s', (_name, a, b, expected) => {
    expect(cpuUsagePercent(parseProcStat(a)!, parseProcStat(b)!)).toBe(expected);
  });

  it('returns null without an aggregate cpu line', () => {
    expect(parseProcStat('intr 1\n')).toBeNull();
  });

  it('parses the load averages', () => {
    expect(parseLoadavg('0.52 0.58 0.59 1/467 12345\n')).toEqual({ load1: 0.52, load5: 0.58, load15: 0.59 });
  });
});

const MEMINFO = `MemTotal:        8000000 kB
MemFree:          500000 kB
MemAvailable:    6000000 kB
Buffers:          100000 kB
Cached:          2000000 kB
SwapCached:            0 kB
Active(anon):     123 kB
SwapTotal:       2000000 kB
SwapFree:        1500000 kB
`;

describe('/proc/meminfo', () => {
  it.each([
    ['with MemAvailable', MEMINFO, { totalBytes: 8_192_000_000, usedBytes: 2_048_000_000, availableBytes: 6_144_000_000, usedPercent: 25, swapTotalBytes: 2_048_000_000, swapUsedBytes: 512_000_000 }],
    ['from an old kernel without MemAvailable', 'MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 100 kB\nCached: 300 kB\n', { totalBytes: 1_024_000, usedBytes: 512_000, availableBytes: 512_000, usedPercent: 50, swapTotalBytes: 0, swapUsedBytes: 0 }],
  ])('parses memory and swap %s', (_name, text, expected) => {
    expect(parseMeminfo(text)).toEqual(expected);
  });
});

const NET_A = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 9999999    100    0    0    0     0          0         0  9999999     100    0    0    0     0       0          0
  eth0: 1000000   2000    0    0    0     0          0         0   500000    1000    0    0    0     0       0          0
 wlan0:     100      1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
`;
const NET_B = NET_A.replace('1000000   2000', '1300000   2600').replace('500000    1000', '560000    1100').replace('wlan0:     100', 'wlan0:      50');

describe('/proc/net/dev', () => {
  it('reads byte counters per interface and skips loopback', () => {
    expect([...parseNetDev(NET_A)]).toEqual([
      ['eth0', { rxBytes: 1_000_000, txBytes: 500_000 }],
      ['wlan0', { rxBytes: 100, txBytes: 100 }],
    ]);
  });

  it('turns two readings into rates, and a counter that went down into zero', () => {
    expect(networkRates(parseNetDev(NET_A), parseNetDev(NET_B), 15_000)).toEqual([
      { iface: 'eth0', rxBytesPerSecond: 20_000, txBytesPerSecond: 4000 },
      { iface: 'wlan0', rxBytesPerSecond: 0, txBytesPerSecond: 0 },
    ]);
  });
});

const MOUNTS = `sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
udev /dev devtmpfs rw,nosuid,relatime 0 0
/dev/sda2 / ext4 rw,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
/dev/sda1 /boot/efi vfat rw,relatime 0 0
/dev/sdb1 /srv/data\\040files xfs rw,relatime 0 0
/dev/sda2 /var/lib/docker ext4 rw,relatime 0 0
cgroup2 /sys/fs/cgroup cgroup2 rw 0 0
/dev/loop0 /snap/core/1 squashfs ro 0 0
server:/export /mnt/nfs nfs4 rw 0 0
overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0
lxcfs /var/lib/lxcfs fuse.lxcfs rw 0 0
/dev/sdc1 /media/usb fuseblk rw 0 0
`;

describe('/proc/self/mounts', () => {
  it('keeps real disks once per device, unescapes paths and skips pseudo, network and image filesystems', () => {
    expect(parseMounts(MOUNTS)).toEqual([
      { device: '/dev/sda2', mount: '/', fsType: 'ext4' },
      { device: '/dev/sda1', mount: '/boot/efi', fsType: 'vfat' },
      { device: '/dev/sdb1', mount: '/srv/data files', fsType: 'xfs' },
      { device: '/dev/sdc1', mount: '/media/usb', fsType: 'fuseblk' },
    ]);
  });

  it.each([
    ['overlay', '/', true], ['overlay', '/var/lib/docker/x', false], ['tmpfs', '/run', false], ['btrfs', '/home', true], ['fuse.sshfs', '/mnt', false],
  ])('%s at %s measured: %s', (fsType, mount, expected) => {
    expect(isMeasuredMount(fsType, mount)).toBe(expected);
  });

  it('computes use like df, leaving root-reserved blocks out of the percentage', () => {
    const stats = { bsize: 4096, blocks: 1000, bfree: 300, bavail: 250, files: 500, ffree: 400 };
    expect(diskMetrics({ device: '/dev/sda2', mount: '/', fsType: 'ext4' }, stats)).toEqual({
      mount: '/', fsType: 'ext4', totalBytes: 4_096_000, usedBytes: 2_867_200, usedPercent: 73.68,
      inodesTotal: 500, inodesUsed: 100, inodesUsedPercent: 20,
    });
  });
});

describe('other proc files', () => {
  it.each([['12345.67 23456.78\n', 12345.67], ['garbage', 0]])('uptime %j is %s seconds', (text, seconds) => {
    expect(parseUptime(text)).toBe(seconds);
  });

  it('reads os-release values with and without quotes', () => {
    expect(parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID=\'12\'\nID=debian\n# comment\n')).toEqual({
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', VERSION_ID: '12', ID: 'debian',
    });
  });
});
