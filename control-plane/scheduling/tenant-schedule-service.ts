/**
 * A tenant's scheduling settings: the tracks it follows, its freeze periods and its private
 * tracks. Every change is validated, written with its audit entry in one transaction, and
 * reported so the windows are recomputed.
 */
import type { TrackSpec } from '../../schedules/core.ts';
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import { resolveTrack, type Actor, type SchedulingDeps } from './deps.ts';
import { FREEZE_DEFAULTS, checkFreezeParams } from './freeze-rules.ts';
import type { DayRange, DeploymentKind, FreezeKind, FreezeParamsByKind, PrivateTrack, Subscription, TenantFreeze } from './model.ts';
import { deploymentKindProblem } from './policy.ts';
import { parsePrivateTrack } from './tracks.ts';
import { stableJson } from './window-diff.ts';

export interface SubscriptionInput {
  trackId: string;
  deploymentKind: DeploymentKind;
  hostIds?: string[] | null;
}

/** Replaces a tenant's subscriptions; returns them and whether anything changed. */
export function replaceSubscriptions(deps: SchedulingDeps, tenantId: string, items: readonly SubscriptionInput[], by: Actor, now: number): { items: Subscription[]; changed: boolean } {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.trackId)) throw new AppError('VALIDATION_FAILED', `track ${item.trackId} is listed twice`);
    seen.add(item.trackId);
    const problem = deploymentKindProblem(resolveTrack(deps, item.trackId, tenantId), item.deploymentKind);
    if (problem) throw new AppError('VALIDATION_FAILED', problem);
    const foreign = (item.hostIds ?? []).filter((id) => deps.store.hosts.get(id)?.tenantId !== tenantId);
    if (foreign.length > 0) throw new AppError('NOT_FOUND', `host not found: ${foreign.slice(0, 3).join(', ')}`);
  }
  return deps.store.transaction(() => {
    const before = new Map(deps.store.tenantSchedules.subscriptions(tenantId).map((s) => [s.trackId, s]));
    const changed: string[] = [];
    const after = items.map((item): Subscription => {
      const old = before.get(item.trackId);
      const next = { tenantId, trackId: item.trackId, deploymentKind: item.deploymentKind, hostIds: item.hostIds ?? null };
      if (old && stableJson({ ...old, createdAt: 0, updatedAt: 0 }) === stableJson({ ...next, createdAt: 0, updatedAt: 0 })) return old;
      if (old) changed.push(item.trackId);
      return { ...next, createdAt: old?.createdAt ?? now, updatedAt: now };
    });
    const added = after.filter((s) => !before.has(s.trackId)).map((s) => s.trackId);
    const removed = [...before.keys()].filter((id) => !seen.has(id));
    if (added.length + removed.length + changed.length === 0) return { items: [...before.values()], changed: false };
    deps.store.tenantSchedules.replaceSubscriptions(tenantId, after);
    deps.store.audit.append({ at: now, actor: by.actor, action: 'subscriptions.changed', tenantId, target: tenantId, details: { added, removed, changed } });
    return { items: deps.store.tenantSchedules.subscriptions(tenantId), changed: true };
  });
}

/** A freeze as asked for: its kind, an optional label and any parameters to change from the defaults. */
export interface FreezeInput {
  kind: FreezeKind;
  label?: string;
  params: Partial<FreezeParamsByKind[FreezeKind]>;
}

/** Adds a freeze; month-end, tax filing and year-end exist at most once per tenant. */
export function createFreeze(deps: SchedulingDeps, tenantId: string, input: FreezeInput, by: Actor, now: number): TenantFreeze {
  const defaults = FREEZE_DEFAULTS[input.kind];
  const params = { ...(defaults.params ?? {}), ...input.params } as FreezeParamsByKind[FreezeKind];
  if (input.kind === 'custom' && !('from' in params && 'to' in params)) throw new AppError('VALIDATION_FAILED', 'custom freeze: give from and to, YYYY-MM-DD');
  checkFreezeParams(input.kind, params);
  const freeze = { id: newId('frz'), tenantId, kind: input.kind, label: input.label ?? defaults.label, params, createdAt: now, createdBy: by.actor, updatedAt: now } as TenantFreeze;
  return deps.store.transaction(() => {
    if (input.kind !== 'custom' && deps.store.tenantSchedules.freezes(tenantId).some((f) => f.kind === input.kind)) {
      throw new AppError('CONFLICT', `the tenant already has a ${input.kind} freeze; change or delete that one`);
    }
    deps.store.tenantSchedules.createFreeze(freeze);
    deps.store.audit.append({ at: now, actor: by.actor, action: 'freeze.created', tenantId, target: freeze.id, details: { kind: freeze.kind, label: freeze.label, params } });
    return freeze;
  });
}

function ownFreeze(deps: SchedulingDeps, tenantId: string, freezeId: string): TenantFreeze {
  const freeze = deps.store.tenantSchedules.getFreeze(freezeId);
  if (!freeze || freeze.tenantId !== tenantId) throw new AppError('NOT_FOUND', `freeze ${freezeId} not found`);
  return freeze;
}

/** Deletes one of the tenant's freezes. */
export function deleteFreeze(deps: SchedulingDeps, tenantId: string, freezeId: string, by: Actor, now: number): TenantFreeze {
  return deps.store.transaction(() => {
    const freeze = ownFreeze(deps, tenantId, freezeId);
    deps.store.tenantSchedules.deleteFreeze(freeze.id);
    deps.store.audit.append({ at: now, actor: by.actor, action: 'freeze.deleted', tenantId, target: freeze.id, details: { kind: freeze.kind, label: freeze.label, params: freeze.params } });
    return freeze;
  });
}

/** Edits one month of a tax-filing freeze: another day range, none (`null`) or back to the default. */
export function setTaxFilingMonth(deps: SchedulingDeps, tenantId: string, freezeId: string, month: string, range: DayRange | null | 'default', by: Actor, now: number): TenantFreeze {
  return deps.store.transaction(() => {
    const freeze = ownFreeze(deps, tenantId, freezeId);
    if (freeze.kind !== 'tax-filing') throw new AppError('VALIDATION_FAILED', `freeze ${freezeId} is ${freeze.kind}; only tax-filing freezes are edited per month`);
    const months = { ...freeze.params.months };
    if (range === 'default') delete months[month];
    else months[month] = range;
    const params = { ...freeze.params, months };
    checkFreezeParams('tax-filing', params);
    const updated: TenantFreeze = { ...freeze, params, updatedAt: now };
    deps.store.tenantSchedules.updateFreeze(updated);
    deps.store.audit.append({ at: now, actor: by.actor, action: 'freeze.month-changed', tenantId, target: freeze.id, details: { month, range } });
    return updated;
  });
}

/**
 * Creates or replaces a private track (checked by the catalog's rules). A new one is also
 * subscribed (deployment kind private), so its windows cover the tenant at once.
 */
export function savePrivateTrack(deps: SchedulingDeps, tenantId: string, spec: TrackSpec, mode: 'create' | 'update', by: Actor, now: number): PrivateTrack {
  const track = parsePrivateTrack(spec);
  return deps.store.transaction(() => {
    const existing = deps.store.tenantSchedules.getPrivateTrack(tenantId, track.id);
    if (mode === 'create' && existing) throw new AppError('CONFLICT', `the tenant already has track ${track.id}`);
    if (mode === 'update' && !existing) throw new AppError('NOT_FOUND', `track ${track.id} not found`);
    const saved: PrivateTrack = { tenantId, trackId: track.id, spec, version: (existing?.version ?? 0) + 1, createdAt: existing?.createdAt ?? now, updatedAt: now, updatedBy: by.actor };
    deps.store.tenantSchedules.savePrivateTrack(saved);
    deps.store.audit.append({ at: now, actor: by.actor, action: `private-track.${mode}d`, tenantId, target: track.id, details: { version: saved.version, spec } });
    const subscriptions = deps.store.tenantSchedules.subscriptions(tenantId);
    if (mode === 'create' && !subscriptions.some((s) => s.trackId === track.id)) {
      const added: Subscription = { tenantId, trackId: track.id, deploymentKind: 'private', hostIds: null, createdAt: now, updatedAt: now };
      deps.store.tenantSchedules.replaceSubscriptions(tenantId, [...subscriptions, added]);
      deps.store.audit.append({ at: now, actor: by.actor, action: 'subscriptions.changed', tenantId, target: tenantId, details: { added: [track.id], removed: [], changed: [], why: 'private track created' } });
    }
    return saved;
  });
}
