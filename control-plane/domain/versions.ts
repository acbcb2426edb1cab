/** Comparing dotted agent versions, to show hosts that run an outdated agent. */

/** Negative when a < b, 0 when equal, positive when a > b; pre-release tags sort first. */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = a.split('-', 2);
  const [coreB, preB] = b.split('-', 2);
  const partsA = coreA.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const partsB = coreB.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i += 1) {
    const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

export function isOutdated(agentVersion: string | null, currentVersion: string): boolean {
  return agentVersion !== null && compareVersions(agentVersion, currentVersion) < 0;
}
