/**
 * The control plane as a Fastify app. Plugins register in a fixed order; nothing here
 * listens, reads the port or exits (that is `server.ts`), so tests build the same app and
 * drive it with `inject` or a socket on loopback.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MAX_FRAME_BYTES } from '../protocol/index.ts';
import type { AlertSink } from './alerts/engine.ts';
import agentGateway from './plugins/agent-gateway.ts';
import alerting from './plugins/alerting.ts';
import criticalPeriods from './plugins/critical-periods.ts';
import scheduling, { type SchedulingPluginOptions } from './plugins/scheduling.ts';
import notifications from './plugins/notifications.ts';
import notices, { noticesForWindowsChanged } from './plugins/notices.ts';
import { schedulingCalendarSource, schedulingNoticeSource } from './notices/scheduling-sources.ts';
import type { CalendarSource } from './notices/calendar.ts';
import type { NoticeSource } from './notices/model.ts';
import type { NotificationsConfig } from './notify/config.ts';
import auth from './plugins/auth.ts';
import dashboard from './plugins/dashboard.ts';
import errors from './plugins/errors.ts';
import fleet from './plugins/fleet.ts';
import ingest from './plugins/ingest.ts';
import live from './plugins/live.ts';
import clusterPlugin from './plugins/cluster.ts';
import clusterSync from './plugins/cluster-sync.ts';
import type { Cluster } from './cluster/cluster.ts';
import metrics from './plugins/metrics.ts';
import openapi from './plugins/openapi.ts';
import reports from './plugins/reports.ts';
import retention from './plugins/retention.ts';
import rollouts from './plugins/rollouts.ts';
import type { RolloutRecipe } from './rollouts/recipe.ts';
import storePlugin from './plugins/store.ts';
import accessRoutes from './routes/access.ts';
import agentRoutes from './routes/agents.ts';
import auditRoutes from './routes/audit.ts';
import alertRoutes from './routes/alerts.ts';
import incidentRoutes from './routes/incidents.ts';
import bookingRoutes from './routes/bookings.ts';
import freezeRoutes from './routes/freezes.ts';
import criticalPeriodRoutes from './routes/critical-periods.ts';
import releaseRoutes from './routes/releases.ts';
import rolloutRoutes from './routes/rollouts.ts';
import tenantScheduleRoutes from './routes/tenant-schedules.ts';
import trackRoutes from './routes/tracks.ts';
import windowRoutes from './routes/windows.ts';
import authRoutes from './routes/auth.ts';
import contactRoutes from './routes/contacts.ts';
import icsFeedRoutes from './routes/ics-feeds.ts';
import reportRoutes from './routes/reports.ts';
import enrollmentRoutes from './routes/enrollment.ts';
import healthRoutes from './routes/health.ts';
import hostRoutes from './routes/hosts.ts';
import tenantRoutes from './routes/tenants.ts';
import type { IngestOptions } from './services/ingest-pipeline.ts';
import type { RetentionOptions } from './services/retention.ts';
import type { Store } from './store/types.ts';
import type { SigningKey } from './services/signing-key.ts';
import { TIDEWAY_VERSION } from './version.ts';

export interface AppOptions {
  store: Store;
  /** The Ed25519 key that signs patch plans; agents pin its public half at enrolment. */
  signingKey: SigningKey;
  clock?: () => number;
  logger?: FastifyServerOptions['logger'];
  /** Built dashboard directory, or null to serve none. */
  dashboardDir?: string | null;
  /** Replicas on one PostgreSQL database (leadership, messages); a sole node when unset. */
  cluster?: Cluster;
  /** Start background timers (heartbeats, retention); tests may drive them by hand. */
  timers?: boolean;
  closeStore?: boolean;
  /** Mark session cookies Secure (the server speaks HTTPS or sits behind a TLS proxy). */
  secureCookies?: boolean;
  ingest?: Partial<IngestOptions>;
  retention?: Partial<RetentionOptions>;
  bodyLimitBytes?: number;
  /** Version the agents are compared with; defaults to this build's. */
  agentVersion?: string;
  /** Serve HTTPS and WSS with this certificate and key (PEM). */
  https?: { cert: Buffer; key: Buffer };
  /** Extra alert rule files (the defaults always load). */
  rulesDir?: string;
  /** Let tenant admins post notices to loopback and private addresses (tests, closed networks). */
  allowPrivateContactAddresses?: boolean;
  /** Where notifiable alerts go instead of notification routing (tests). */
  alertSink?: AlertSink;
  /** Receivers and routes for alert notifications; none means alerts are not sent. */
  notifications?: NotificationsConfig | null;
  /** The dashboard's public address, for links in notifications. */
  externalUrl?: string;
  /** Track catalog, calendars, horizon and debounce for window scheduling (defaults: the shipped data files). */
  scheduling?: Omit<SchedulingPluginOptions, 'timers'>;
  /** Windows notices are planned from, and what calendar feeds show; none means neither has anything yet. */
  notices?: { source?: NoticeSource; calendar?: CalendarSource };
  /** Rollout recipe (steps and default options; the built-in one when unset) and timer period. */
  rollouts?: { recipe?: RolloutRecipe; tickMs?: number };
}

/** Log fields that could carry credentials are censored before they are written. */
export const LOG_REDACTIONS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.agentSecret'];

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const timers = options.timers ?? true;
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    logger: logger === false || logger === true ? logger : { redact: LOG_REDACTIONS, ...(logger as object) },
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errors);
  await app.register(clusterPlugin, { cluster: options.cluster });
  await app.register(storePlugin, { store: options.store, clock: options.clock ?? Date.now, closeStore: options.closeStore ?? false });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // Behind plain HTTP (loopback, or a proxy told so) upgrading would break the page.
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
  });
  await app.register(rateLimit, { global: false });
  // Sample ranges for charts run to megabytes of JSON; agents' WebSocket frames are not affected.
  await app.register(compress, { threshold: 4096 });
  await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  await app.register(auth);
  await app.register(metrics);
  await app.register(openapi, { version: TIDEWAY_VERSION });
  await app.register(fleet, { agentVersion: options.agentVersion ?? TIDEWAY_VERSION, timers });
  await app.register(ingest, options.ingest ?? {});
  await app.register(agentGateway);
  await app.register(retention, { retention: options.retention, timers });
  await app.register(notifications, { config: options.notifications ?? null, sink: options.alertSink, externalUrl: options.externalUrl ?? 'http://127.0.0.1:8080', timers });
  await app.register(alerting, { rulesDir: options.rulesDir, timers });
  await app.register(scheduling, { ...options.scheduling, timers });
  // Notices and calendar feeds read the scheduling tables; a moved or cancelled window is told at once.
  const sources = { store: options.store, fleet: app.fleet, scheduling: () => app.scheduling };
  await app.register(notices, {
    source: options.notices?.source ?? schedulingNoticeSource(sources),
    calendar: options.notices?.calendar ?? schedulingCalendarSource(sources),
    timers,
  });
  app.scheduling.onWindowsChanged((event) => void noticesForWindowsChanged(app as unknown as FastifyInstance, event.changes.map((change) => change.after.id)));
  await app.register(rollouts, { signingKey: options.signingKey, timers, ...options.rollouts });
  await app.register(reports, { rulesDir: options.rulesDir, timers });
  await app.register(criticalPeriods, { externalUrl: options.externalUrl ?? 'http://127.0.0.1:8080' });
  await app.register(live);
  await app.register(clusterSync);

  await app.register(healthRoutes, { version: TIDEWAY_VERSION });
  await app.register(authRoutes, { secureCookies: options.secureCookies ?? false });
  await app.register(tenantRoutes);
  await app.register(hostRoutes);
  await app.register(enrollmentRoutes, { serverPublicKey: options.signingKey.publicKeyPem });
  await app.register(agentRoutes);
  await app.register(accessRoutes);
  await app.register(auditRoutes);
  await app.register(alertRoutes);
  await app.register(incidentRoutes);
  await app.register(trackRoutes);
  await app.register(windowRoutes);
  await app.register(bookingRoutes);
  await app.register(releaseRoutes);
  await app.register(rolloutRoutes);
  await app.register(tenantScheduleRoutes);
  await app.register(freezeRoutes);
  await app.register(criticalPeriodRoutes);
  await app.register(contactRoutes, { allowPrivateAddresses: options.allowPrivateContactAddresses ?? false });
  await app.register(icsFeedRoutes);
  await app.register(reportRoutes);
  await app.register(dashboard, { root: options.dashboardDir ?? null });
  return app as unknown as FastifyInstance;
}
