/**
 * Shapes of the control plane's HTTP and live API as the dashboard reads them. Types come
 * from the API's own schemas where they exist; these imports are type-only, so nothing of
 * the server reaches the bundle.
 */
import type { Static } from '@sinclair/typebox';
import type { LabelMatcher, MaintenancePeriod as MaintenanceModel, Silence as SilenceModel } from '../../control-plane/alerts/model.ts';
import type { AlertSchema } from '../../control-plane/routes/alert-json.ts';
import type { HostDetailSchema, HostSummarySchema, TenantSchema } from '../../control-plane/routes/schemas.ts';
import type { Incident as IncidentModel } from '../../control-plane/store/alerting-types.ts';
import type { CheckResult, HostFacts, HostMetrics, SampleRecord } from '../../protocol/index.ts';

export type { CheckResult, HostFacts, HostMetrics, SampleRecord };

/** Host status from heartbeats, as the control plane computes it. */
export type HostStatus = HostSummary['status'];

/** Roles a signed-in user may have; tenant roles see one tenant only. */
export type Role = 'ops-admin' | 'ops-operator' | 'ops-viewer' | 'tenant-admin' | 'tenant-viewer';

/** The signed-in principal (`GET /api/v1/auth/me`). */
export interface User {
  id: string;
  name: string;
  kind: 'user' | 'api-token';
  role: Role;
  tenantId: string | null;
}

/** A tenant (`GET /api/v1/tenants`). */
export type Tenant = Static<typeof TenantSchema>;

/** One row of the fleet list and of live `hosts` pushes. */
export type HostSummary = Static<typeof HostSummarySchema>;

/** `GET /api/v1/hosts/:id`. */
export type HostDetail = Static<typeof HostDetailSchema>;

/** Sample records the agent dropped from a full outbox. */
export type OutboxGap = HostDetail['gaps'][number];

/** One item of `GET /api/v1/hosts/:id/samples`, with `at` as an ISO instant. */
export interface SampleItem {
  seq: number;
  at: string;
  metrics: HostMetrics;
  checks: CheckResult[];
}

/** A sample as the charts keep it: `at` in epoch milliseconds. */
export interface SamplePoint {
  seq: number;
  at: number;
  metrics: HostMetrics;
}

/** A created enrolment token; `token` is shown once. */
export interface EnrollmentToken {
  id: string;
  tenantId: string;
  product: string | null;
  maxUses: number;
  uses: number;
  expiresAt: string;
  createdAt: string;
  token: string;
}

/** One alert series (`GET /api/v1/alerts` and live `alerts` pushes). */
export type AlertItem = Static<typeof AlertSchema>;

/** The lifecycle state of an alert series. */
export type AlertState = AlertItem['state'];

/**
 * An API shape of a server model whose instants `K` travel as ISO strings (null stays null).
 * The silence, maintenance and incident routes do not export their schemas, so their types
 * come from the models the routes serialise.
 */
export type IsoInstants<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };

/** A silence label matcher: `=~` and `!~` take an anchored regular expression. */
export type Matcher = LabelMatcher;

/** A silence (`GET /api/v1/silences`). */
export type Silence = IsoInstants<Omit<SilenceModel, 'createdAt'>, 'startsAt' | 'endsAt' | 'expiredAt'>;

/** A maintenance period (`GET /api/v1/maintenance`); no `hostIds` means every host of the tenant. */
export type MaintenancePeriod = IsoInstants<MaintenanceModel, 'startsAt' | 'endsAt'>;

/** An incident with its response deadline (`GET /api/v1/incidents`); durations in seconds. */
export type Incident = IsoInstants<IncidentModel, 'openedAt' | 'responseDueAt' | 'acknowledgedAt' | 'resolvedAt'>;

/** Whether a role may see other tenants than its own. */
export const isOpsRole = (role: Role): boolean => role.startsWith('ops-');

/** Roles the control plane lets create enrolment tokens. */
export const canEnroll = (role: Role): boolean => role === 'ops-admin' || role === 'ops-operator' || role === 'tenant-admin';

/** Roles the control plane lets acknowledge, silence and schedule maintenance. */
export const canHandleAlerts = (role: Role): boolean => role === 'ops-admin' || role === 'ops-operator';
