/** The critical-period API: list, declare, read, cancel, and a period's live board. */
import { queryString, request } from './api.ts';
import type { CriticalBoard, CriticalPeriod, CriticalPeriodState, NewCriticalPeriod } from './critical-types.ts';

const enc = encodeURIComponent;
const one = (periodId: string, rest = '') => `/api/v1/critical-periods/${enc(periodId)}${rest}`;

/** Critical periods as the caller's scope sees them (a tenant user: its own only). */
export const criticalApi = {
  list: (query: { tenantId?: string; state?: CriticalPeriodState }, signal?: AbortSignal) =>
    request<{ items: CriticalPeriod[] }>('GET', `/api/v1/critical-periods${queryString({ tenantId: query.tenantId, state: query.state })}`, undefined, { signal }),
  create: (body: NewCriticalPeriod) => request<CriticalPeriod>('POST', '/api/v1/critical-periods', body),
  get: (periodId: string, signal?: AbortSignal) => request<CriticalPeriod>('GET', one(periodId), undefined, { signal }),
  cancel: (periodId: string) => request<CriticalPeriod>('POST', one(periodId, '/cancel'), {}),
  board: (periodId: string, signal?: AbortSignal) => request<CriticalBoard>('GET', one(periodId, '/board'), undefined, { signal }),
};
