/**
 * Declaring, changing and cancelling critical periods. Each change is checked, written and
 * audited in one transaction; then listeners hear it (live pushes to dashboards) and the
 * scheduler is asked to recompute windows, since a period is a freeze for its tenant.
 */
import { EventEmitter } from 'node:events';
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../scheduling/deps.ts';
import type { Store, Tenant } from '../store/types.ts';
import { periodState, type CriticalPeriod, type CriticalPeriodKind, type CriticalPeriodState } from './model.ts';
import { checkRange, distinct, requireOwn, resolveLocalDateTime, resolveRange } from './validation.ts';

/** What a period is declared with; `start`/`end` are `YYYY-MM-DDTHH:mm` in the tenant's zone. */
export interface DeclareInput {
  tenantId: string;
  kind: CriticalPeriodKind;
  title: string;
  start: string;
  end: string;
  hostIds?: string[];
  products?: string[];
  contactIds?: string[];
  notes?: string | null;
}

/** A change: fields left out keep their value. The start cannot move once declared. */
export interface PeriodPatch {
  title?: string;
  end?: string;
  hostIds?: string[];
  products?: string[];
  contactIds?: string[];
  notes?: string | null;
}

/** What listeners hear after a change is committed. */
export interface PeriodChange {
  action: 'declared' | 'updated' | 'cancelled';
  period: CriticalPeriod;
  at: number;
}

/** What the service calls besides the store. */
export interface CriticalPeriodHooks {
  /** A period that freezes windows changed: recompute them (debounced by the scheduler). */
  windowsAffected(why: string): void;
}

/** `app.criticalPeriods`. */
export class CriticalPeriodService extends EventEmitter<{ changed: [PeriodChange] }> {
  constructor(
    private readonly store: Store,
    private readonly hooks: CriticalPeriodHooks,
  ) {
    super();
    this.setMaxListeners(0);
  }

  /** The period `id` if `tenantId` may see it (ops: null sees all); `NOT_FOUND` otherwise. */
  visible(id: string, tenantId: string | null): CriticalPeriod {
    const period = this.store.criticalPeriods.get(id);
    if (!period || (tenantId !== null && period.tenantId !== tenantId)) throw new AppError('NOT_FOUND', `critical period ${id} not found`);
    return period;
  }

  /** Periods of one tenant (or all, for null) in a state at `now`, oldest start first. */
  list(tenantId: string | null, state: CriticalPeriodState | undefined, now: number): CriticalPeriod[] {
    const periods = this.store.criticalPeriods.list({ tenantId });
    return state === undefined ? periods : periods.filter((p) => periodState(p, now) === state);
  }

  declare(input: DeclareInput, by: Actor, now: number): CriticalPeriod {
    const period = this.store.transaction(() => {
      const tenant = this.tenant(input.tenantId);
      const range = resolveRange(input.start, input.end, tenant.timeZone, now);
      const created: CriticalPeriod = {
        id: newId('crp'),
        tenantId: tenant.id,
        kind: input.kind,
        title: input.title.trim(),
        startLocal: input.start,
        endLocal: input.end,
        ...range,
        hostIds: distinct(input.hostIds ?? []),
        products: distinct(input.products ?? []),
        contactIds: distinct(input.contactIds ?? []),
        notes: input.notes ?? null,
        createdAt: now,
        createdBy: by.actor,
        cancelledAt: null,
        cancelledBy: null,
        reportId: null,
      };
      this.requireOwnHostsAndContacts(created);
      this.store.criticalPeriods.create(created);
      this.audit('declared', created, by, now, { kind: created.kind, start: created.startLocal, end: created.endLocal, zone: tenant.timeZone });
      return created;
    });
    return this.changed('declared', period, by, now);
  }

  update(id: string, patch: PeriodPatch, by: Actor, now: number): CriticalPeriod {
    const period = this.store.transaction(() => {
      const before = this.open(id, by, now, 'change');
      const next: CriticalPeriod = {
        ...before,
        title: patch.title?.trim() ?? before.title,
        hostIds: patch.hostIds ? distinct(patch.hostIds) : before.hostIds,
        products: patch.products ? distinct(patch.products) : before.products,
        contactIds: patch.contactIds ? distinct(patch.contactIds) : before.contactIds,
        notes: patch.notes === undefined ? before.notes : patch.notes,
      };
      if (patch.end !== undefined) {
        const endsAt = resolveLocalDateTime('end', patch.end, this.tenant(before.tenantId).timeZone);
        checkRange({ startsAt: before.startsAt, endsAt }, before.startLocal, patch.end, now);
        Object.assign(next, { endLocal: patch.end, endsAt });
      }
      this.requireOwnHostsAndContacts(next);
      this.store.criticalPeriods.update(next);
      this.audit('updated', next, by, now, { changed: Object.keys(patch).sort(), before: { end: before.endLocal, hostIds: before.hostIds, products: before.products } });
      return next;
    });
    return this.changed('updated', period, by, now);
  }

  cancel(id: string, by: Actor, now: number): CriticalPeriod {
    const period = this.store.transaction(() => {
      const next: CriticalPeriod = { ...this.open(id, by, now, 'cancel'), cancelledAt: now, cancelledBy: by.actor };
      this.store.criticalPeriods.update(next);
      this.audit('cancelled', next, by, now, { wasActive: now >= next.startsAt });
      return next;
    });
    return this.changed('cancelled', period, by, now);
  }

  /** The period, while it may still change (scheduled or active); `PERIOD_CLOSED` otherwise. */
  private open(id: string, by: Actor, now: number, what: string): CriticalPeriod {
    const period = this.visible(id, by.tenantId);
    const state = periodState(period, now);
    if (state === 'ended' || state === 'cancelled') throw new AppError('PERIOD_CLOSED', `cannot ${what} a critical period that is ${state}`, { state });
    return period;
  }

  private tenant(tenantId: string): Tenant {
    const tenant = this.store.tenants.get(tenantId);
    if (!tenant) throw new AppError('NOT_FOUND', 'tenant not found');
    return tenant;
  }

  private requireOwnHostsAndContacts(period: CriticalPeriod): void {
    const hosts = new Set(period.hostIds.filter((id) => this.store.hosts.get(id)?.tenantId === period.tenantId));
    requireOwn('hostIds', period.hostIds, hosts);
    requireOwn('contactIds', period.contactIds, new Set(this.store.contacts.list(period.tenantId).map((c) => c.id)));
  }

  private audit(action: PeriodChange['action'], period: CriticalPeriod, by: Actor, now: number, details: Record<string, unknown>): void {
    this.store.audit.append({ at: now, actor: by.actor, action: `critical-period.${action}`, tenantId: period.tenantId, target: period.id, details: { title: period.title, ...details } });
  }

  private changed(action: PeriodChange['action'], period: CriticalPeriod, by: Actor, now: number): CriticalPeriod {
    this.hooks.windowsAffected(`critical period ${period.id} ${action} by ${by.actor}`);
    this.emit('changed', { action, period, at: now });
    return period;
  }
}
