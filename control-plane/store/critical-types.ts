/**
 * Store interface of critical periods (migration 009-critical-periods.sql). Instants are
 * epoch milliseconds (UTC).
 */
import type { CriticalPeriod } from '../critical/model.ts';

export interface CriticalPeriodFilter {
  tenantId?: string | null;
  /** Periods overlapping [fromAt, toAt); either bound may be left open. */
  fromAt?: number;
  toAt?: number;
}

export interface CriticalPeriodStore {
  create(period: CriticalPeriod): void;
  get(id: string): CriticalPeriod | undefined;
  /** Cancelled ones included, oldest start first. */
  list(filter: CriticalPeriodFilter): CriticalPeriod[];
  /** Replaces every field but `id`, `tenantId` and `createdAt`; false if there is no such period. */
  update(period: CriticalPeriod): boolean;
  /** Not cancelled, over by `now` (endsAt <= now), and no report yet: oldest end first. */
  endedWithoutReport(now: number): CriticalPeriod[];
  setReport(id: string, reportId: string): boolean;
  /** The tenant's periods declared and in force at `at` (startsAt <= at < endsAt). */
  activeFor(tenantId: string, at: number): CriticalPeriod[];
}
