/** Creating and reading tenants. */
import { AppError } from '../errors.ts';
import { newId } from '../auth/secrets.ts';
import type { Store, Tenant } from '../store/types.ts';
import { loadServicePlans } from '../../schedules/index.ts';

/** Plan ids from `schedules/service-plans.yaml`, read once. */
let planIds: string[] | null = null;
export function servicePlanIds(): string[] {
  planIds ??= loadServicePlans().map((plan) => plan.id);
  return planIds;
}
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface NewTenant {
  name: string;
  plan?: string;
  timeZone?: string;
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function createTenant(store: Store, input: NewTenant, now: number): Tenant {
  const name = input.name.trim();
  const plan = input.plan ?? 'standard';
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  if (!name) throw new AppError('VALIDATION_FAILED', 'tenant name must not be empty');
  if (!servicePlanIds().includes(plan)) {
    throw new AppError('VALIDATION_FAILED', `plan must be one of ${servicePlanIds().join(', ')} (schedules/service-plans.yaml)`);
  }
  if (!isTimeZone(timeZone)) {
    throw new AppError('VALIDATION_FAILED', `time zone '${timeZone}' is not an IANA zone, e.g. Asia/Shanghai`);
  }
  return store.transaction(() => {
    if (store.tenants.findByName(name)) throw new AppError('CONFLICT', `a tenant named '${name}' exists`);
    const tenant: Tenant = { id: newId('ten'), name, plan, timeZone, createdAt: now };
    store.tenants.create(tenant);
    return tenant;
  });
}
