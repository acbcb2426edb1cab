/** The parts of the report model only a critical-period report has (issue 10). */
import type { Tally, Trace } from './model.ts';

/** One incident of the period judged against the heightened (critical-period) deadline. */
export interface CriticalIncidentRow {
  id: string;
  hostId: string | null;
  title: string;
  severity: string;
  openedAt: string;
  responseDueAt: string | null;
  respondedAt: string | null;
  respondedBy: string | null;
  /** Wall seconds from opening to the response (the heightened deadline runs on 7x24). */
  responseSeconds: number | null;
  deadline: 'met' | 'missed' | 'pending' | 'undetermined';
}

/** Kinds of action a critical-period report lists. */
export type CriticalActionKind = 'incident-acknowledged' | 'incident-resolved' | 'patch' | 'rollout' | 'maintenance' | 'audit';

/** Something done during the period, by whom. */
export interface CriticalAction {
  at: string;
  kind: CriticalActionKind;
  actor: string | null;
  subject: string;
  detail: string;
}

/** What only a critical-period report has. */
export interface CriticalSection {
  period: {
    id: string;
    kind: string;
    title: string;
    startLocal: string;
    endLocal: string;
    startsAt: string;
    endsAt: string;
    hostIds: string[];
    products: string[];
    notes: string | null;
    /** The hosts the period covered (its hosts and products, or every host when both are empty). */
    coveredHostIds: string[];
  };
  response: {
    /** The heightened promise of the tenant's plan, e.g. `1h` on `7x24`. */
    within: string | null;
    calendar: string | null;
    count: number;
    met: number;
    missed: number;
    pending: number;
    undetermined: number;
    shareWithin: number | null;
    items: CriticalIncidentRow[];
    trace: Trace;
  };
  actions: { byKind: Tally[]; items: CriticalAction[]; trace: Trace };
}
