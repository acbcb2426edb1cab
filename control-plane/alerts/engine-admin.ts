/**
 * What ops do to alerting by hand: silences by label matchers until a time, and maintenance
 * periods over hosts. Each is validated, stored, audited, and applied to routing at once.
 */
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import type { Store } from '../store/types.ts';
import type { AlertEngine } from './engine.ts';
import { checkMatcher, MatcherError } from './matchers.ts';
import type { LabelMatcher, MaintenancePeriod, Silence } from './model.ts';

const MAX_SPAN_MS = 366 * 86_400_000;

function span(startsAt: number, endsAt: number, now: number, what: string): void {
  if (Number.isNaN(startsAt) || Number.isNaN(endsAt)) throw new AppError('VALIDATION_FAILED', `${what}: times must be ISO 8601 instants`);
  if (endsAt <= startsAt) throw new AppError('VALIDATION_FAILED', `${what}: endsAt must be after startsAt`);
  if (endsAt <= now) throw new AppError('VALIDATION_FAILED', `${what}: endsAt must be in the future`);
  if (endsAt - startsAt > MAX_SPAN_MS) throw new AppError('VALIDATION_FAILED', `${what}: may last at most 366 days`);
}

export interface NewSilence {
  matchers: LabelMatcher[];
  startsAt?: string;
  endsAt: string;
  comment: string;
  tenantId?: string;
  createdBy: string;
}

export function createSilence(engine: AlertEngine, store: Store, input: NewSilence, now: number): Silence {
  const startsAt = input.startsAt ? Date.parse(input.startsAt) : now;
  const endsAt = Date.parse(input.endsAt);
  span(startsAt, endsAt, now, 'silence');
  try {
    input.matchers.forEach(checkMatcher);
  } catch (error) {
    if (error instanceof MatcherError) throw new AppError('VALIDATION_FAILED', error.message);
    throw error;
  }
  const silence: Silence = {
    id: newId('sil'), tenantId: input.tenantId ?? null, matchers: input.matchers, startsAt, endsAt,
    createdBy: input.createdBy, comment: input.comment, createdAt: now, expiredAt: null,
  };
  store.transaction(() => {
    store.silences.create(silence);
    store.audit.append({ at: now, actor: input.createdBy, action: 'silence.created', tenantId: silence.tenantId, target: silence.id, details: { matchers: silence.matchers, endsAt } });
  });
  engine.mutesChanged(now);
  return silence;
}

export function expireSilence(engine: AlertEngine, store: Store, id: string, by: string, now: number): Silence {
  if (store.silences.expire(id, now)) {
    store.audit.append({ at: now, actor: by, action: 'silence.expired', tenantId: store.silences.get(id)!.tenantId, target: id, details: {} });
    engine.mutesChanged(now);
  }
  return store.silences.get(id)!;
}

export interface NewMaintenance {
  tenantId: string;
  hostIds: string[];
  startsAt: string;
  endsAt: string;
  reason: string;
  source: string;
}

export function createMaintenance(engine: AlertEngine, store: Store, input: NewMaintenance, now: number): MaintenancePeriod {
  const startsAt = Date.parse(input.startsAt);
  const endsAt = Date.parse(input.endsAt);
  span(startsAt, endsAt, now, 'maintenance');
  const foreign = input.hostIds.filter((id) => store.hosts.get(id)?.tenantId !== input.tenantId);
  if (foreign.length > 0) throw new AppError('NOT_FOUND', `host not found: ${foreign.slice(0, 3).join(', ')}`);
  const period: MaintenancePeriod = { id: newId('mnt'), tenantId: input.tenantId, hostIds: input.hostIds, startsAt, endsAt, reason: input.reason, source: input.source };
  store.transaction(() => {
    store.maintenance.create(period);
    store.audit.append({ at: now, actor: input.source, action: 'maintenance.created', tenantId: period.tenantId, target: period.id, details: { startsAt, endsAt, hosts: period.hostIds.length } });
  });
  engine.mutesChanged(now);
  return period;
}

export function endMaintenance(engine: AlertEngine, store: Store, id: string, by: string, now: number): MaintenancePeriod {
  if (store.maintenance.end(id, now)) {
    store.audit.append({ at: now, actor: by, action: 'maintenance.ended', tenantId: store.maintenance.get(id)!.tenantId, target: id, details: {} });
    engine.mutesChanged(now);
  }
  return store.maintenance.get(id)!;
}
