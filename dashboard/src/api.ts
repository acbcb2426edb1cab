/**
 * The HTTP API client: same-origin fetch with the session cookie, JSON in and out, and
 * every failure turned into an `ApiError` with the server's stable code (or `NETWORK`
 * when no answer came back), so pages show a translated message per code.
 */
import type { NewMaintenance as ServerNewMaintenance, NewSilence as ServerNewSilence } from '../../control-plane/alerts/engine-admin.ts';
import type { FleetQuery } from './router.ts';
import type { AlertItem, AlertState, EnrollmentToken, HostDetail, HostSummary, Incident, MaintenancePeriod, SampleItem, Silence, Tenant, User } from './types.ts';

/** A failed call: `code` is the server's error code, or NETWORK / BAD_RESPONSE. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
    /** The server's `details`, e.g. `{ field, rule }` of a refused value. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Codes that mean the session is gone and the user must sign in again. */
const SIGNED_OUT_CODES = new Set(['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'TOKEN_INVALID']);

let onSignedOut: (() => void) | null = null;

/** Registers what happens when any call finds the session gone (the app shows the login). */
export function setSignedOutHandler(handler: (() => void) | null): void {
  onSignedOut = handler;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown } } | null;
  const error = body?.error;
  const code = typeof error?.code === 'string' ? error.code : response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE';
  const message = typeof error?.message === 'string' ? error.message : response.statusText;
  const details = typeof error?.details === 'object' && error.details !== null && !Array.isArray(error.details) ? (error.details as Record<string, unknown>) : undefined;
  return new ApiError(code, message, response.status, typeof error?.requestId === 'string' ? error.requestId : undefined, details);
}

/** One API call; `auth: false` keeps a 401 (wrong password) from signing the page out. */
export async function request<T>(method: string, path: string, body?: unknown, options: { auth?: boolean; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new ApiError('NETWORK', (cause as Error).message, 0);
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (options.auth !== false && SIGNED_OUT_CODES.has(error.code)) onSignedOut?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Query string from defined values only; a list repeats its key (`state=a&state=b`). */
export function queryString(values: Record<string, string | number | boolean | readonly string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Rows per fleet page: what the list renders at most, whatever the fleet's size. */
export const PAGE_SIZE = 50;

/** Most alerts or incidents a list asks for; the API's own ceiling. */
export const LIST_LIMIT = 1000;

/** Filters of the alert list; `states` defaults to pending and firing on the server. */
export interface AlertFilter {
  states?: readonly AlertState[];
  tenantId?: string;
  hostId?: string;
  limit?: number;
}

/** A new silence; `endsAt` and `startsAt` are ISO instants, the server records who made it. */
export type NewSilence = Omit<ServerNewSilence, 'createdBy'>;

/** A new maintenance period; no `hostIds` covers every host of the tenant. */
export type NewMaintenance = Omit<ServerNewMaintenance, 'source'>;

const path = (template: string, id: string) => template.replace(':id', encodeURIComponent(id));

/** Alerts, silences, maintenance and incidents. */
export const alertsApi = {
  alerts: (filter: AlertFilter, signal?: AbortSignal) =>
    request<{ items: AlertItem[] }>(
      'GET',
      `/api/v1/alerts${queryString({ state: filter.states, tenantId: filter.tenantId, hostId: filter.hostId, limit: filter.limit ?? LIST_LIMIT })}`,
      undefined,
      { signal },
    ),
  acknowledgeAlert: (fingerprint: string, comment: string) => request<AlertItem>('POST', path('/api/v1/alerts/:id/acknowledge', fingerprint), { comment }),
  silences: (signal?: AbortSignal) => request<{ items: Silence[] }>('GET', '/api/v1/silences', undefined, { signal }),
  createSilence: (silence: NewSilence) => request<Silence>('POST', '/api/v1/silences', silence),
  expireSilence: (id: string) => request<Silence>('POST', path('/api/v1/silences/:id/expire', id)),
  maintenance: (signal?: AbortSignal) => request<{ items: MaintenancePeriod[] }>('GET', '/api/v1/maintenance', undefined, { signal }),
  createMaintenance: (period: NewMaintenance) => request<MaintenancePeriod>('POST', '/api/v1/maintenance', period),
  endMaintenance: (id: string) => request<MaintenancePeriod>('POST', path('/api/v1/maintenance/:id/end', id)),
  incidents: (filter: { open: boolean; tenantId?: string }, signal?: AbortSignal) =>
    request<{ items: Incident[] }>('GET', `/api/v1/incidents${queryString({ open: filter.open, tenantId: filter.tenantId, limit: LIST_LIMIT })}`, undefined, { signal }),
  acknowledgeIncident: (id: string, comment: string) => request<Incident>('POST', path('/api/v1/incidents/:id/acknowledge', id), { comment }),
};

export const api = {
  login: (username: string, password: string) => request<{ user: User }>('POST', '/api/v1/auth/login', { username, password }, { auth: false }),
  logout: () => request<void>('POST', '/api/v1/auth/logout', undefined, { auth: false }),
  me: () => request<{ user: User }>('GET', '/api/v1/auth/me', undefined, { auth: false }),
  tenants: () => request<{ items: Tenant[] }>('GET', '/api/v1/tenants'),
  hosts: (query: Omit<FleetQuery, 'page'> & { limit: number; offset: number }, signal?: AbortSignal) =>
    request<{ items: HostSummary[]; total: number; counts: Record<HostSummary['status'], number> }>(
      'GET',
      `/api/v1/hosts${queryString({ tenantId: query.tenantId, status: query.status, q: query.q, limit: query.limit, offset: query.offset })}`,
      undefined,
      { signal },
    ),
  host: (hostId: string, signal?: AbortSignal) => request<HostDetail>('GET', `/api/v1/hosts/${encodeURIComponent(hostId)}`, undefined, { signal }),
  samples: (hostId: string, fromAt: number, toAt: number, limit: number, signal?: AbortSignal) =>
    request<{ items: SampleItem[] }>(
      'GET',
      `/api/v1/hosts/${encodeURIComponent(hostId)}/samples${queryString({ from: new Date(fromAt).toISOString(), to: new Date(toAt).toISOString(), limit })}`,
      undefined,
      { signal },
    ),
  createEnrollmentToken: (tenantId: string, body: { maxUses?: number; expiresInHours?: number; product?: string }) =>
    request<EnrollmentToken>('POST', `/api/v1/tenants/${encodeURIComponent(tenantId)}/enrollment-tokens`, body),
};
