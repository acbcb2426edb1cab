/**
 * Shapes of the control plane's HTTP and live API as the dashboard reads them. Types come
 * from the API's own schemas where they exist; these imports are type-only, so nothing of
 * the server reaches the bundle.
 */
import type { Static } from '@sinclair/typebox';
import type { HostDetailSchema, HostSummarySchema, TenantSchema } from '../../control-plane/routes/schemas.ts';
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

/** Whether a role may see other tenants than its own. */
export const isOpsRole = (role: Role): boolean => role.startsWith('ops-');

/** Roles the control plane lets create enrolment tokens. */
export const canEnroll = (role: Role): boolean => role === 'ops-admin' || role === 'ops-operator' || role === 'tenant-admin';
