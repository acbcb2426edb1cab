/**
 * Per-mount disk and inode use: the mount table from /proc/self/mounts, sizes from statfs.
 *
 * Left out: pseudo and memory filesystems (proc, sysfs, tmpfs, cgroup, ...: no disk behind
 * them), squashfs images (read-only, always full), overlay except at `/` (a container's root
 * is its disk), FUSE filesystems other than fuseblk, and network filesystems (a hung NFS
 * server would block statfs; remote storage is watched on its own server). A device mounted
 * twice (bind mounts, btrfs subvolumes) is reported once, at its first mount point.
 */
import { statfs } from 'node:fs/promises';
import type { DiskMetrics } from '../../protocol/index.ts';

const SKIPPED_TYPES = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'tmpfs', 'ramfs', 'cgroup', 'cgroup2', 'securityfs', 'pstore', 'debugfs',
  'tracefs', 'configfs', 'fusectl', 'mqueue', 'hugetlbfs', 'bpf', 'autofs', 'binfmt_misc', 'rpc_pipefs', 'nsfs',
  'efivarfs', 'selinuxfs', 'squashfs', 'nfsd', 'nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ceph', 'glusterfs', '9p',
  'afs', 'davfs', 'sshfs', 'overlay', 'aufs', 'rootfs', 'devfs', 'none',
]);

/** One mount worth measuring. */
export interface MountEntry {
  device: string;
  mount: string;
  fsType: string;
}

// Mount fields escape space, tab, newline and backslash as octal (\040 and so on).
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** True for filesystems this collector measures. */
export function isMeasuredMount(fsType: string, mount: string): boolean {
  if (fsType === 'overlay') return mount === '/';
  if (fsType.startsWith('fuse')) return fsType === 'fuseblk';
  return !SKIPPED_TYPES.has(fsType);
}

/** Parses /proc/self/mounts into the mounts worth measuring, one per device. */
export function parseMounts(text: string): MountEntry[] {
  const seen = new Set<string>();
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [rawDevice, rawMount, fsType] = line.split(' ');
    if (!rawMount || !fsType) continue;
    const device = unescapeMountField(rawDevice);
    const mount = unescapeMountField(rawMount);
    if (!isMeasuredMount(fsType, mount) || seen.has(device)) continue;
    seen.add(device);
    mounts.push({ device, mount, fsType });
  }
  return mounts.slice(0, 256);
}

/** statfs numbers this collector uses. */
export interface FsStats {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.round((part / whole) * 10_000) / 100) : 0);

/** Disk metrics for one mount; usedPercent counts like df (blocks reserved for root excluded). */
export function diskMetrics(mount: MountEntry, stats: FsStats): DiskMetrics {
  const used = (stats.blocks - stats.bfree) * stats.bsize;
  const available = stats.bavail * stats.bsize;
  const inodesUsed = Math.max(0, stats.files - stats.ffree);
  return {
    mount: mount.mount.slice(0, 1024),
    fsType: mount.fsType.slice(0, 64),
    totalBytes: stats.blocks * stats.bsize,
    usedBytes: used,
    usedPercent: pct(used, used + available),
    inodesTotal: stats.files,
    inodesUsed,
    inodesUsedPercent: pct(inodesUsed, stats.files),
  };
}

const STATFS_TIMEOUT_MS = 2000;
const pending = new Set<string>();

// A mount whose statfs is still outstanding (a stuck device) is skipped rather than queued
// again, so one bad mount cannot use up libuv's thread pool.
async function statfsWithTimeout(path: string): Promise<FsStats | null> {
  if (pending.has(path)) return null;
  pending.add(path);
  let timer: NodeJS.Timeout | undefined;
  const call = statfs(path).then((s) => s, () => null).finally(() => pending.delete(path));
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), STATFS_TIMEOUT_MS);
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}

/** Measures each mount; mounts that fail or time out are left out of this sample. */
export async function collectDisks(mounts: readonly MountEntry[]): Promise<DiskMetrics[]> {
  const stats = await Promise.all(mounts.map((m) => statfsWithTimeout(m.mount)));
  return mounts.flatMap((mount, i) => (stats[i] ? [diskMetrics(mount, stats[i]!)] : []));
}
