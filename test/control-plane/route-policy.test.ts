/**
 * Every registered route declares who may call it, and every route has a cross-tenant
 * case here: a tenant-B caller aimed at tenant A's objects gets 404 (or 403 on ops-only
 * routes) and changes nothing. A new route without a case fails this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/protocol-client.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { createEnrollmentToken } from '../../control-plane/services/enrollment.ts';
import { createApiToken } from '../../control-plane/services/accounts.ts';
import { hostFacts } from '../helpers/records.ts';
import { newBooking } from '../../control-plane/scheduling/booking-machine.ts';
import { createContact } from '../../control-plane/notices/contacts.ts';
import { createIcsFeed } from '../../control-plane/notices/ics-feeds.ts';
import { saveRelease, saveWindow } from '../helpers/rollouts.ts';

let cp: TestControlPlane;
let a: {
  tenantId: string;
  hostId: string;
  agentId: string;
  agentSecret: string;
  enrollmentTokenId: string;
  apiTokenId: string;
  fingerprint: string;
  silenceId: string;
  maintenanceId: string;
  incidentId: string;
};
let tenantB: { admin: string; viewer: string };
let tenantCEnrollmentToken: string;

beforeAll(async () => {
  cp = await startControlPlane({ listen: true });
  const tenantId = cp.tenant('Tenant A');
  const host = cp.enroll(tenantId, 'a-host');
  const enrollment = createEnrollmentToken(cp.store, { tenantId }, Date.now()).record;
  const apiToken = createApiToken(cp.store, { name: 'a-token', role: 'tenant-viewer', tenantId }, Date.now()).record;
  a = { tenantId, ...host, enrollmentTokenId: enrollment.id, apiTokenId: apiToken.id, ...alertingObjects(tenantId, host.hostId) };
  const b = cp.tenant('Tenant B');
  tenantB = { admin: cp.token('tenant-admin', b), viewer: cp.token('tenant-viewer', b) };
  tenantCEnrollmentToken = createEnrollmentToken(cp.store, { tenantId: cp.tenant('Tenant C') }, Date.now()).token;
});
afterAll(async () => cp.close());

/** Tenant A's contact and calendar feed, and tenant B's id and own feed token. */
let notices: { contactId: string; feedId: string; tenantBId: string; tenantBFeedToken: string };
beforeAll(() => {
  const now = Date.now();
  const tenantBId = cp.store.tenants.findByName('Tenant B')!.id;
  const contact = createContact(cp.store.contacts, a.tenantId, { name: 'a-robot', kind: 'webhook', url: 'https://example.com/hook' }, now);
  const feed = createIcsFeed(cp.store.icsFeeds, a.tenantId, 'a-feed', now).feed;
  notices = { contactId: contact.id, feedId: feed.id, tenantBId, tenantBFeedToken: createIcsFeed(cp.store.icsFeeds, tenantBId, 'b-feed', now).token };
});

/** Tenant B aims at tenant A's contact, through A's tenant and through its own: 404 both ways, contact unchanged. */
async function contactCase(method: string, payload?: object) {
  for (const tenantId of [a.tenantId, notices.tenantBId]) await expectStatus(404, method, `/api/v1/tenants/${tenantId}/contacts/${notices.contactId}`, payload);
  expect(cp.store.contacts.get(notices.contactId)?.name).toBe('a-robot');
}

/** Tenant A's scheduling objects, straight in the store: a subscription, private track, freeze, release with an audit under way, and a booking. */
let scheduling: { bookingId: string; releaseId: string; auditId: string; freezeId: string; tenantBId: string };
beforeAll(async () => {
  const now = Date.now();
  const { tenantSchedules, releases, bookings } = cp.store;
  tenantSchedules.replaceSubscriptions(a.tenantId, [{ tenantId: a.tenantId, trackId: 'xingkong/st-standard', deploymentKind: 'public-single-tenant', hostIds: null, createdAt: now, updatedAt: now }]);
  const spec = { id: 'private/erp', name: 'ERP', cadence: { kind: 'weekly' as const, weekdays: ['sat' as const] }, start: '22:00', duration: '4h' };
  tenantSchedules.savePrivateTrack({ tenantId: a.tenantId, trackId: 'private/erp', spec, version: 1, createdAt: now, updatedAt: now, updatedBy: 'test' });
  const freeze = { id: 'frz_a', tenantId: a.tenantId, kind: 'tax-filing' as const, label: 'tax', params: { fromDay: 1, toDay: 15, months: {} }, createdAt: now, createdBy: 'test', updatedAt: now };
  tenantSchedules.createFreeze(freeze);
  releases.create({ id: 'rel_a', trackId: 'xingkong/st-custom', tenantId: a.tenantId, version: '1', kind: 'customisation', notes: '', artifacts: [], createdAt: now, createdBy: 'test', audits: [] });
  releases.addAudit({ id: 'aud_a', releaseId: 'rel_a', state: 'submitted', notes: '', findings: '', submittedAt: now, submittedBy: 'test', decidedAt: null, decidedBy: null });
  const startAt = now + 10 * 86_400_000;
  const slot = { slotDate: new Date(startAt).toISOString().slice(0, 10), slotStartAt: startAt, slotEndAt: startAt + 4 * 3_600_000, cutoffAt: startAt + 3 * 3_600_000 };
  const booking = newBooking({ ...slot, id: 'bkg_a', tenantId: a.tenantId, trackId: 'xingkong/st-standard', trackKey: 'xingkong/st-standard', approval: 'required', releaseId: null, insteadOfWindowId: null, note: '', by: 'test' }, 'not-required', now);
  bookings.create(booking);
  // Materialise now, so no recompute is left pending to change counts while the cases run.
  await cp.app.scheduling.recompute(now, 'route policy set-up');
  scheduling = { bookingId: booking.id, releaseId: 'rel_a', auditId: 'aud_a', freezeId: freeze.id, tenantBId: cp.store.tenants.findByName('Tenant B')!.id };
});

/** A rollout over tenant A's host (its agent is offline, so the host is skipped at once). */
let rolloutId: string;
beforeAll(() => {
  const now = Date.now();
  saveWindow(cp.store, { id: 'win_rollout_a', now, coverage: { [a.tenantId]: [a.hostId] } });
  saveRelease(cp.store, { id: 'rel_rollout_a', tenantId: a.tenantId, createdAt: now - 86_400_000 });
  rolloutId = cp.app.rollouts.create({ windowId: 'win_rollout_a', releaseId: 'rel_rollout_a' }, 'test', now).id;
});

/** A generated report of tenant A, with its job. */
let report: { id: string; jobId: string };
beforeAll(async () => {
  const job = cp.app.reports.request({ tenantId: a.tenantId, period: { kind: 'year', year: 2026 }, locale: 'en' }, 'test');
  await cp.app.reports.idle();
  report = { id: cp.store.reports.getJob(job.id)!.reportId!, jobId: job.id };
  // Issued for sign-off, so a confirmation or amendment that got through would show in the counts.
  const issuedAt = Date.now();
  cp.store.reports.issue(report.id, { state: 'awaiting', issuedAt, issuedBy: 'test', dueAt: issuedAt + 7 * 86_400_000, calendar: '5x8', decidedAt: null, decidedBy: null, amendments: null });
});

/** A critical period of tenant A, declared through the service (it ends in the far future). */
let criticalPeriodId: string;
beforeAll(() => {
  const input = { tenantId: a.tenantId, kind: 'closing' as const, title: 'a-closing', start: '2099-01-01T00:00', end: '2099-01-02T00:00' };
  criticalPeriodId = cp.app.criticalPeriods.declare(input, { actor: 'test', tenantId: null }, Date.now()).id;
});

/** An alert, silence, maintenance period and incident of tenant A, straight in the store. */
function alertingObjects(tenantId: string, hostId: string) {
  const now = Date.now();
  const labels = { alertname: 'cpu-high', severity: 'warning', tenant_id: tenantId, host_id: hostId };
  const alert = {
    fingerprint: 'fp-tenant-a', ruleId: 'cpu-high', tenantId, hostId, labels, annotations: { summary: 'CPU high' }, severity: 'warning' as const,
    state: 'firing' as const, value: 95, activeAt: now, firedAt: now, resolvedAt: null, lastTrueAt: now, lastEvaluatedAt: now,
    flapHistory: [], flapping: false, acknowledgedAt: null, acknowledgedBy: null, acknowledgeComment: null, suppressed: false,
  };
  cp.store.alerts.save([alert, { ...alert, fingerprint: 'fp-global', tenantId: null, hostId: null, ruleId: 'holiday-calendar-missing', labels: { alertname: 'holiday-calendar-missing', year: '2027' } }], []);
  const matchers = [{ name: 'tenant_id', op: '=' as const, value: tenantId }];
  cp.store.silences.create({ id: 'sil_a', tenantId, matchers, startsAt: now, endsAt: now + 3_600_000, createdBy: 'user:ops', comment: 'a', createdAt: now, expiredAt: null });
  cp.store.maintenance.create({ id: 'mnt_a', tenantId, hostIds: [hostId], startsAt: now, endsAt: now + 3_600_000, reason: 'patch', source: 'test' });
  cp.store.incidents.create({
    id: 'inc_a', tenantId, fingerprint: 'fp-tenant-a', ruleId: 'cpu-high', hostId, severity: 'warning', title: 'CPU high', titleZh: null, plan: 'standard', calendar: '5x8',
    openedAt: now, responseDueAt: now + 3_600_000, deadlineProblem: null, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null,
    ackBusinessSeconds: null, ackWallSeconds: null, resolveBusinessSeconds: null, resolveWallSeconds: null, responseBreached: false,
  });
  return { fingerprint: 'fp-tenant-a', silenceId: 'sil_a', maintenanceId: 'mnt_a', incidentId: 'inc_a' };
}

const idsOf = async (url: string) => (await call('GET', url, tenantB.admin)).json().items.map((item: { id?: string; fingerprint?: string }) => item.id ?? item.fingerprint);

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const counts = () =>
  cp.store.db
    .prepare(
      `SELECT (SELECT count(*) FROM tenants) t, (SELECT count(*) FROM users) u, (SELECT count(*) FROM api_tokens) k,
              (SELECT count(*) FROM enrollment_tokens) e, (SELECT count(*) FROM agents WHERE revoked_at IS NULL) ag,
              (SELECT count(*) FROM enrollment_tokens WHERE revoked_at IS NULL) ea, (SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL) ka,
              (SELECT count(*) FROM silences WHERE expired_at IS NULL) si, (SELECT count(*) FROM maintenance_periods) mp,
              (SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL) al, (SELECT count(*) FROM incidents WHERE acknowledged_at IS NULL) inc,
              (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM bookings) bk, (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM windows) win,
              (SELECT count(*) FROM window_coverage) cov, (SELECT count(*) FROM track_subscriptions) sub, (SELECT count(*) FROM tenant_freezes) frz,
              (SELECT coalesce(sum(version), 0) FROM private_tracks) pt, (SELECT count(*) FROM releases) rel, (SELECT count(*) FROM security_audits WHERE state = 'submitted') aud,
              (SELECT count(*) FROM report_jobs) rj, (SELECT count(*) FROM reports) rp, (SELECT count(*) FROM support_events) se,
              (SELECT count(*) || ':' || coalesce(string_agg(state, ',' ORDER BY report_id), '') FROM report_signoffs) so,
              (SELECT count(*) || ':' || string_agg(title, ',' ORDER BY id) || ':' || coalesce(sum(cancelled_at), 0) FROM critical_periods) crp,
              (SELECT count(*) FROM tenant_contacts) tc, (SELECT count(*) FROM ics_feeds WHERE revoked_at IS NULL) icf,
              (SELECT count(*) || ':' || string_agg(state, ',' ORDER BY id) || ':' || coalesce(sum(paused_at), 0) FROM rollouts) ro`,
    )
    .get();

async function call(method: string, url: string, token: string, payload?: object) {
  return cp.app.inject({ method: method as 'GET', url, headers: as(token), ...(payload ? { payload } : {}) });
}

type Case = () => Promise<void>;
const expectStatus = async (status: number, method: string, url: string, payload?: object) => {
  const response = await call(method, url, tenantB.admin, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
};

/** One cross-tenant attempt per route; keys are `METHOD url` as registered. */
const cases: Record<string, Case> = {
  'GET /healthz': async () => {
    const body = (await call('GET', '/healthz', tenantB.admin)).json();
    expect(Object.keys(body).sort()).toEqual(['hosts', 'leader', 'replicaId', 'status', 'version']);
  },
  'GET /metrics': () => expectStatus(403, 'GET', '/metrics'),
  'POST /api/v1/auth/login': async () => {
    const response = await cp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x', tenantId: a.tenantId } });
    expect(response.statusCode).toBe(400);
  },
  'POST /api/v1/auth/logout': async () => expect((await call('POST', '/api/v1/auth/logout', tenantB.admin)).statusCode).toBe(204),
  'GET /api/v1/auth/me': async () => expect((await call('GET', '/api/v1/auth/me', tenantB.admin)).json().user.tenantId).not.toBe(a.tenantId),
  'GET /api/v1/tenants': async () => {
    const ids = (await call('GET', '/api/v1/tenants', tenantB.admin)).json().items.map((t: { id: string }) => t.id);
    expect(ids).not.toContain(a.tenantId);
  },
  'POST /api/v1/tenants': () => expectStatus(403, 'POST', '/api/v1/tenants', { name: 'Intruder' }),
  'GET /api/v1/tenants/:tenantId': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}`),
  'GET /api/v1/hosts': async () => {
    expect((await call('GET', '/api/v1/hosts', tenantB.admin)).json().items).toEqual([]);
    await expectStatus(404, 'GET', `/api/v1/hosts?tenantId=${a.tenantId}`);
  },
  'GET /api/v1/hosts/:hostId': () => expectStatus(404, 'GET', `/api/v1/hosts/${a.hostId}`),
  'GET /api/v1/hosts/:hostId/samples': () => expectStatus(404, 'GET', `/api/v1/hosts/${a.hostId}/samples`),
  'POST /api/v1/enroll': async () => {
    // The tenant comes from the token only: naming a tenant in the body is refused.
    const payload = { token: tenantCEnrollmentToken, facts: hostFacts('x'), tenantId: a.tenantId };
    const response = await cp.app.inject({ method: 'POST', url: '/api/v1/enroll', payload });
    expect(response.statusCode).toBe(400);
  },
  'POST /api/v1/tenants/:tenantId/enrollment-tokens': () => expectStatus(404, 'POST', `/api/v1/tenants/${a.tenantId}/enrollment-tokens`, {}),
  'GET /api/v1/tenants/:tenantId/enrollment-tokens': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}/enrollment-tokens`),
  'POST /api/v1/enrollment-tokens/:tokenId/revoke': () => expectStatus(404, 'POST', `/api/v1/enrollment-tokens/${a.enrollmentTokenId}/revoke`),
  'POST /api/v1/agents/:agentId/revoke': () => expectStatus(404, 'POST', `/api/v1/agents/${a.agentId}/revoke`),
  'GET /api/v1/users': async () => {
    const users = (await call('GET', '/api/v1/users', tenantB.admin)).json().items;
    expect(users.every((u: { tenantId: string }) => u.tenantId !== a.tenantId)).toBe(true);
  },
  'POST /api/v1/users': () => expectStatus(404, 'POST', '/api/v1/users', { username: 'sneaky', password: 'a-long-password-1', role: 'tenant-admin', tenantId: a.tenantId }),
  'GET /api/v1/api-tokens': async () => {
    const tokens = (await call('GET', '/api/v1/api-tokens', tenantB.admin)).json().items;
    expect(tokens.map((t: { id: string }) => t.id)).not.toContain(a.apiTokenId);
  },
  'POST /api/v1/api-tokens': () => expectStatus(404, 'POST', '/api/v1/api-tokens', { name: 'x', role: 'tenant-viewer', tenantId: a.tenantId }),
  'POST /api/v1/api-tokens/:tokenId/revoke': () => expectStatus(404, 'POST', `/api/v1/api-tokens/${a.apiTokenId}/revoke`),
  'GET /api/v1/agent/ws': async () => {
    // A tenant API token is not an agent credential.
    await expect(connectAgent(cp.url, a.agentId, tenantB.admin.slice(4))).rejects.toMatchObject({ statusCode: 401 });
  },
  'GET /api/v1/alerts': async () => {
    const seen = await idsOf('/api/v1/alerts');
    expect(seen).not.toContain(a.fingerprint);
    expect(seen).not.toContain('fp-global');
    await expectStatus(404, 'GET', `/api/v1/alerts?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/alerts/:fingerprint/acknowledge': () => expectStatus(403, 'POST', `/api/v1/alerts/${a.fingerprint}/acknowledge`, { comment: 'x' }),
  'GET /api/v1/silences': async () => expect(await idsOf('/api/v1/silences')).not.toContain(a.silenceId),
  'POST /api/v1/silences': () => expectStatus(403, 'POST', '/api/v1/silences', { matchers: [{ name: 'a', op: '=', value: 'b' }], endsAt: '2099-01-01T00:00:00Z', comment: 'x' }),
  'POST /api/v1/silences/:silenceId/expire': () => expectStatus(403, 'POST', `/api/v1/silences/${a.silenceId}/expire`),
  'GET /api/v1/maintenance': async () => expect(await idsOf('/api/v1/maintenance')).not.toContain(a.maintenanceId),
  'POST /api/v1/maintenance': () =>
    expectStatus(403, 'POST', '/api/v1/maintenance', { tenantId: a.tenantId, startsAt: '2099-01-01T00:00:00Z', endsAt: '2099-01-02T00:00:00Z', reason: 'x' }),
  'POST /api/v1/maintenance/:periodId/end': () => expectStatus(403, 'POST', `/api/v1/maintenance/${a.maintenanceId}/end`),
  'GET /api/v1/incidents': async () => {
    expect(await idsOf('/api/v1/incidents')).not.toContain(a.incidentId);
    await expectStatus(404, 'GET', `/api/v1/incidents?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/incidents/:incidentId/acknowledge': () => expectStatus(403, 'POST', `/api/v1/incidents/${a.incidentId}/acknowledge`, {}),
  'GET /api/v1/audit': async () => {
    const entries = (await call('GET', '/api/v1/audit', tenantB.admin)).json().items;
    expect(entries.every((e: { tenantId: string | null }) => e.tenantId !== a.tenantId && e.tenantId !== null)).toBe(true);
    await expectStatus(404, 'GET', `/api/v1/audit?tenantId=${a.tenantId}`);
  },
  'GET /api/v1/live': async () => {
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`${cp.url.replace('http', 'ws')}/api/v1/live`, { headers: as(tenantB.viewer) });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'watch', hostId: a.hostId }));
    const reply = await new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    expect(JSON.parse(reply)).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    socket.close();
  },
  'GET /api/v1/tenants/:tenantId/contacts': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}/contacts`),
  'POST /api/v1/tenants/:tenantId/contacts': () => expectStatus(404, 'POST', `/api/v1/tenants/${a.tenantId}/contacts`, { name: 'x', kind: 'webhook', url: 'https://evil.example.com' }),
  'GET /api/v1/tenants/:tenantId/contacts/:contactId': () => contactCase('GET'),
  'PATCH /api/v1/tenants/:tenantId/contacts/:contactId': () => contactCase('PATCH', { name: 'hijacked' }),
  'DELETE /api/v1/tenants/:tenantId/contacts/:contactId': () => contactCase('DELETE'),
  'POST /api/v1/tenants/:tenantId/ics-feeds': () => expectStatus(404, 'POST', `/api/v1/tenants/${a.tenantId}/ics-feeds`, {}),
  'GET /api/v1/tenants/:tenantId/ics-feeds': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}/ics-feeds`),
  'POST /api/v1/ics-feeds/:feedId/revoke': () => expectStatus(404, 'POST', `/api/v1/ics-feeds/${notices.feedId}/revoke`),
  'GET /ics/:token.ics': async () => {
    // The token is the only credential: a feed id or a bearer header opens nothing, and B's own feed shows B's calendar.
    await expectStatus(404, 'GET', `/ics/${notices.feedId}.ics`);
    const own = await call('GET', `/ics/${notices.tenantBFeedToken}.ics`, tenantB.admin);
    expect(own.body).toContain('X-WR-CALNAME:Tideway: Tenant B');
  },
  'GET /api/v1/tracks': async () => {
    const tracks = (await call('GET', '/api/v1/tracks', tenantB.admin)).json().items;
    expect(tracks.filter((t: { ownerTenantId: string | null }) => t.ownerTenantId !== null)).toEqual([]);
    await expectStatus(404, 'GET', `/api/v1/tracks?tenantId=${a.tenantId}`);
  },
  'GET /api/v1/tracks/:trackId/slots': async () => {
    await expectStatus(404, 'GET', '/api/v1/tracks/private%2Ferp/slots');
    await expectStatus(404, 'GET', `/api/v1/tracks/xingkong%2Fst-standard/slots?tenantId=${a.tenantId}`);
  },
  'GET /api/v1/windows': async () => {
    const windows = (await call('GET', '/api/v1/windows', tenantB.admin)).json().items;
    expect(windows).toEqual([]);
    await expectStatus(404, 'GET', `/api/v1/windows?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/bookings': () => expectStatus(404, 'POST', '/api/v1/bookings', { trackId: 'xingkong/st-standard', slotDate: '2099-01-01', tenantId: a.tenantId }),
  'GET /api/v1/bookings': async () => {
    expect(await idsOf('/api/v1/bookings')).not.toContain(scheduling.bookingId);
    await expectStatus(404, 'GET', `/api/v1/bookings?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/bookings/:bookingId/cancel': () => expectStatus(404, 'POST', `/api/v1/bookings/${scheduling.bookingId}/cancel`, {}),
  'POST /api/v1/bookings/:bookingId/reschedule': () => expectStatus(404, 'POST', `/api/v1/bookings/${scheduling.bookingId}/reschedule`, { slotDate: '2099-01-01' }),
  'POST /api/v1/bookings/:bookingId/approve': () => expectStatus(403, 'POST', `/api/v1/bookings/${scheduling.bookingId}/approve`, {}),
  'POST /api/v1/bookings/:bookingId/reject': () => expectStatus(403, 'POST', `/api/v1/bookings/${scheduling.bookingId}/reject`, { reason: 'x' }),
  'POST /api/v1/bookings/:bookingId/move': () => expectStatus(403, 'POST', `/api/v1/bookings/${scheduling.bookingId}/move`, { slotDate: '2099-01-01', reason: 'x' }),
  'POST /api/v1/releases': () => expectStatus(403, 'POST', '/api/v1/releases', { trackId: 'xingkong/st-custom', tenantId: a.tenantId, version: '2', kind: 'customisation' }),
  'GET /api/v1/releases': async () => {
    expect(await idsOf('/api/v1/releases')).not.toContain(scheduling.releaseId);
    await expectStatus(404, 'GET', `/api/v1/releases?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/releases/:releaseId/audits': () => expectStatus(404, 'POST', `/api/v1/releases/${scheduling.releaseId}/audits`, {}),
  'POST /api/v1/releases/:releaseId/audits/:auditId/approve': () => expectStatus(403, 'POST', `/api/v1/releases/${scheduling.releaseId}/audits/${scheduling.auditId}/approve`, { findings: 'x' }),
  'POST /api/v1/releases/:releaseId/audits/:auditId/reject': () => expectStatus(403, 'POST', `/api/v1/releases/${scheduling.releaseId}/audits/${scheduling.auditId}/reject`, { findings: 'x' }),
  'GET /api/v1/reports': async () => {
    expect(await idsOf('/api/v1/reports')).not.toContain(report.id);
    await expectStatus(404, 'GET', `/api/v1/reports?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/reports': () => expectStatus(404, 'POST', '/api/v1/reports', { tenantId: a.tenantId, period: { kind: 'year', year: 2026 } }),
  'GET /api/v1/reports/:reportId': () => expectStatus(404, 'GET', `/api/v1/reports/${report.id}`),
  'GET /api/v1/reports/:reportId/download': async () => {
    for (const format of ['json', 'html']) await expectStatus(404, 'GET', `/api/v1/reports/${report.id}/download?format=${format}`);
    await expectStatus(404, 'GET', `/api/v1/reports/${report.id}/download?format=csv&table=hosts`);
  },
  'GET /api/v1/report-jobs/:jobId': () => expectStatus(404, 'GET', `/api/v1/report-jobs/${report.jobId}`),
  'POST /api/v1/reports/:reportId/issue': () => expectStatus(403, 'POST', `/api/v1/reports/${report.id}/issue`),
  'POST /api/v1/reports/:reportId/confirm': () => expectStatus(404, 'POST', `/api/v1/reports/${report.id}/confirm`),
  'POST /api/v1/reports/:reportId/amend': () => expectStatus(404, 'POST', `/api/v1/reports/${report.id}/amend`, { text: 'not ours' }),
  'POST /api/v1/tenants/:tenantId/support-events': () =>
    expectStatus(403, 'POST', `/api/v1/tenants/${a.tenantId}/support-events`, { events: [{ externalId: 'x', channel: 'im', category: 'x', openedAt: '2026-01-01T00:00:00Z' }] }),
  'GET /api/v1/rollouts': async () => {
    expect(await idsOf('/api/v1/rollouts')).not.toContain(rolloutId);
    await expectStatus(404, 'GET', `/api/v1/rollouts?tenantId=${a.tenantId}`);
  },
  'GET /api/v1/rollouts/:rolloutId': () => expectStatus(404, 'GET', `/api/v1/rollouts/${rolloutId}`),
  'POST /api/v1/rollouts': () => expectStatus(403, 'POST', '/api/v1/rollouts', { windowId: 'win_rollout_a', releaseId: 'rel_rollout_a' }),
  'POST /api/v1/rollouts/:rolloutId/pause': () => expectStatus(403, 'POST', `/api/v1/rollouts/${rolloutId}/pause`, { reason: 'x' }),
  'POST /api/v1/rollouts/:rolloutId/resume': () => expectStatus(403, 'POST', `/api/v1/rollouts/${rolloutId}/resume`, { reason: 'x' }),
  'POST /api/v1/rollouts/:rolloutId/abort': () => expectStatus(403, 'POST', `/api/v1/rollouts/${rolloutId}/abort`, { reason: 'x' }),
  'GET /api/v1/hosts/:hostId/patches': () => expectStatus(404, 'GET', `/api/v1/hosts/${a.hostId}/patches`),
  'GET /api/v1/tenants/:tenantId/subscriptions': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}/subscriptions`),
  'PUT /api/v1/tenants/:tenantId/subscriptions': () => expectStatus(404, 'PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, { items: [] }),
  'GET /api/v1/tenants/:tenantId/private-tracks': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}/private-tracks`),
  'POST /api/v1/tenants/:tenantId/private-tracks': () =>
    expectStatus(404, 'POST', `/api/v1/tenants/${a.tenantId}/private-tracks`, { id: 'private/x', name: 'x', cadence: { kind: 'weekly', weekdays: ['sun'] }, start: '22:00', duration: '1h' }),
  'PUT /api/v1/tenants/:tenantId/private-tracks/:name': () =>
    expectStatus(404, 'PUT', `/api/v1/tenants/${a.tenantId}/private-tracks/erp`, { id: 'private/erp', name: 'x', cadence: { kind: 'weekly', weekdays: ['sun'] }, start: '22:00', duration: '1h' }),
  'GET /api/v1/critical-periods': async () => {
    expect(await idsOf('/api/v1/critical-periods')).not.toContain(criticalPeriodId);
    await expectStatus(404, 'GET', `/api/v1/critical-periods?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/critical-periods': () =>
    expectStatus(404, 'POST', '/api/v1/critical-periods', { tenantId: a.tenantId, kind: 'peak', title: 'x', start: '2099-02-01T00:00', end: '2099-02-02T00:00' }),
  'GET /api/v1/critical-periods/:periodId': () => expectStatus(404, 'GET', `/api/v1/critical-periods/${criticalPeriodId}`),
  'PATCH /api/v1/critical-periods/:periodId': () => expectStatus(404, 'PATCH', `/api/v1/critical-periods/${criticalPeriodId}`, { title: 'hijacked' }),
  'POST /api/v1/critical-periods/:periodId/cancel': () => expectStatus(404, 'POST', `/api/v1/critical-periods/${criticalPeriodId}/cancel`),
  'GET /api/v1/critical-periods/:periodId/board': () => expectStatus(404, 'GET', `/api/v1/critical-periods/${criticalPeriodId}/board`),
  'GET /api/v1/tenants/:tenantId/freezes': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}/freezes`),
  'POST /api/v1/tenants/:tenantId/freezes': () => expectStatus(404, 'POST', `/api/v1/tenants/${a.tenantId}/freezes`, { kind: 'month-end' }),
  'DELETE /api/v1/tenants/:tenantId/freezes/:freezeId': async () => {
    for (const tenantId of [a.tenantId, scheduling.tenantBId]) await expectStatus(404, 'DELETE', `/api/v1/tenants/${tenantId}/freezes/${scheduling.freezeId}`);
  },
  'PUT /api/v1/tenants/:tenantId/freezes/:freezeId/months/:month': async () => {
    for (const tenantId of [a.tenantId, scheduling.tenantBId]) await expectStatus(404, 'PUT', `/api/v1/tenants/${tenantId}/freezes/${scheduling.freezeId}/months/2099-01`, { off: true });
  },
};

/** Routes that serve documents, not data: public, read-only, with a stated reason. */
const isDocumentRoute = (url: string) => url.startsWith('/docs') || url === '/' || url === '/*';

describe('route policy', () => {
  it('gives every registered route an access policy', () => {
    const missing = cp.app.registeredRoutes().filter((r) => !r.policy);
    expect(missing).toEqual([]);
  });

  it('keeps documentation and dashboard file routes public and read-only', () => {
    const documents = cp.app.registeredRoutes().filter((r) => isDocumentRoute(r.url));
    for (const route of documents) {
      expect(route.policy?.access, route.url).toBe('public');
      expect(['GET', 'HEAD']).toContain(route.method);
    }
  });

  it('has a cross-tenant case for every other route', () => {
    const routes = new Set(cp.app.registeredRoutes().filter((r) => !isDocumentRoute(r.url) && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`));
    expect([...routes].filter((key) => !(key in cases)).sort()).toEqual([]);
    expect(Object.keys(cases).filter((key) => !routes.has(key)).sort()).toEqual([]);
  });

  it.each(Object.keys(cases))('refuses tenant B on %s and changes nothing', async (key) => {
    const before = counts();
    await cases[key]();
    const after = counts();
    expect(after).toEqual(before);
  });
});
