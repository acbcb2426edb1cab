/**
 * Shapes of the critical-period API as the dashboard reads them (`routes/critical-periods.ts`,
 * see the issue 10 contract): instants travel as ISO strings, local times as `YYYY-MM-DDTHH:mm`
 * in the tenant's zone. The period comes from the route's schema, the request and the board
 * from the service's own types (type-only imports, so nothing of the server reaches the bundle).
 */
import type { Static } from '@sinclair/typebox';
import type { CriticalPeriodSchema } from '../../control-plane/routes/critical-periods.ts';
import type { Board as ServerBoard } from '../../control-plane/critical/board.ts';
import type { DeclareInput } from '../../control-plane/critical/service.ts';
import type { IsoInstants } from './types.ts';

/** What a tenant declares a critical period for. */
export const CRITICAL_KINDS = ['closing', 'tax-filing', 'payment', 'reconciliation', 'peak', 'other'] as const;
export type CriticalPeriodKind = (typeof CRITICAL_KINDS)[number];

/** Where a period stands, derived by the server from its range and now. */
export const CRITICAL_STATES = ['scheduled', 'active', 'ended', 'cancelled'] as const;
export type CriticalPeriodState = (typeof CRITICAL_STATES)[number];

/** A declared critical period (`CriticalPeriodSchema`); empty `hostIds` and `products` cover every host of the tenant. */
export type CriticalPeriod = Omit<Static<typeof CriticalPeriodSchema>, 'kind' | 'state'> & { kind: CriticalPeriodKind; state: CriticalPeriodState };

/** `POST /api/v1/critical-periods`: `start`/`end` are local times in the tenant's zone. */
export type NewCriticalPeriod = DeclareInput;

/** A covered host as the board shows it. */
export type BoardHost = IsoInstants<ServerBoard['hosts'][number], 'lastSeenAt'>;

/** An incident opened under the period (or open on a covered host), with its heightened response deadline. */
export type BoardIncident = IsoInstants<ServerBoard['incidents'][number], 'openedAt' | 'responseDueAt' | 'acknowledgedAt' | 'resolvedAt'>;

/** `GET /api/v1/critical-periods/:id/board`. */
export interface CriticalBoard {
  period: CriticalPeriod;
  hosts: BoardHost[];
  incidents: BoardIncident[];
  counts: ServerBoard['counts'];
}
