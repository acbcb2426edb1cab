/**
 * The dedicated board of one critical period (pure): the hosts it covers with their live
 * health and firing alerts, and the incidents that matter to it (those escalated by it, and
 * any still open on its hosts) with their deadlines.
 */
import { isBreached } from '../incidents/incident-lifecycle.ts';
import type { HostStatus, Incident } from '../store/types.ts';
import { coversHost, type CriticalPeriod } from './model.ts';

/** A host as the board reads it from the live fleet. */
export interface BoardHostInput {
  id: string;
  tenantId: string;
  name: string;
  product: string | null;
  status: HostStatus;
  lastSeenAt: number | null;
}

/** One covered host on the board. */
export interface BoardHost {
  id: string;
  name: string;
  product: string | null;
  status: HostStatus;
  lastSeenAt: number | null;
  firingAlerts: number;
}

/** One incident on the board; `escalated` when the period set its deadline. */
export interface BoardIncident {
  id: string;
  hostId: string | null;
  title: string;
  severity: string;
  openedAt: number;
  responseDueAt: number | null;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  escalated: boolean;
  breached: boolean;
}

export interface Board {
  hosts: BoardHost[];
  incidents: BoardIncident[];
  counts: { hosts: number; up: number; stale: number; down: number; openIncidents: number; breached: number };
}

/** What the board is built from: the tenant's hosts, firing alerts per host, and candidate incidents. */
export interface BoardInput {
  period: CriticalPeriod;
  hosts: readonly BoardHostInput[];
  firingByHost: ReadonlyMap<string, number>;
  incidents: readonly Incident[];
  now: number;
}

/** The board at `now`: covered hosts by name; incidents newest first, each once. */
export function boardOf(input: BoardInput): Board {
  const { period, now } = input;
  const hosts = input.hosts
    .filter((h) => coversHost(period, h))
    .map((h) => ({ id: h.id, name: h.name, product: h.product, status: h.status, lastSeenAt: h.lastSeenAt, firingAlerts: input.firingByHost.get(h.id) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const covered = new Set(hosts.map((h) => h.id));
  const seen = new Set<string>();
  const incidents = input.incidents
    .filter((i) => i.criticalPeriodId === period.id || (i.resolvedAt === null && i.hostId !== null && covered.has(i.hostId)))
    .filter((i) => !seen.has(i.id) && seen.add(i.id) !== undefined)
    .sort((a, b) => b.openedAt - a.openedAt || a.id.localeCompare(b.id))
    .map((i) => ({
      id: i.id,
      hostId: i.hostId,
      title: i.title,
      severity: i.severity,
      openedAt: i.openedAt,
      responseDueAt: i.responseDueAt,
      acknowledgedAt: i.acknowledgedAt,
      resolvedAt: i.resolvedAt,
      escalated: i.criticalPeriodId === period.id,
      breached: i.responseBreached || isBreached(i, now),
    }));
  const count = (status: HostStatus) => hosts.filter((h) => h.status === status).length;
  return {
    hosts,
    incidents,
    counts: {
      hosts: hosts.length,
      up: count('up'),
      stale: count('stale'),
      down: count('down'),
      openIncidents: incidents.filter((i) => i.resolvedAt === null).length,
      breached: incidents.filter((i) => i.breached).length,
    },
  };
}
