/**
 * The notifications file: receivers and an Alertmanager-like route tree. It is checked once
 * at start-up; every problem is listed with how to fix it, and a bad file refuses to start.
 * Secrets in it (robot URLs, signing secrets, header values) never appear in the messages.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { schemaIssues } from '../../schedules/schema-check.ts';
import type { LabelMatcher } from '../alerts/model.ts';
import { formatMatchers, MatcherError, parseMatchers } from '../alerts/matchers.ts';

/** Receiver kinds, one payload builder each (see `payloads/index.ts`). */
export const RECEIVER_KINDS = ['webhook', 'alertmanager', 'dingtalk', 'wecom', 'feishu'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

/** Languages chat messages are written in. */
export type MessageLanguage = 'zh-CN' | 'en';

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DURATION = { description: 'must be a duration such as 0s, 30s, 5m, 4h or 1h30m' };

const receiverFields = {
  name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'must be letters, digits, _ . - (up to 64), e.g. ops-dingtalk' }),
  url: Type.String({ minLength: 1, description: 'must be the receiver\'s http(s) URL' }),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000, description: 'must be whole milliseconds from 100 to 120000, e.g. 10000' })),
  headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'must map header names to text values' })),
};
const language = Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], { description: 'must be zh-CN or en' }));
const secret = Type.Optional(Type.String({ minLength: 1, description: 'must be the robot\'s signing secret (加签密钥), e.g. SEC...' }));

const receiverSchema = (kind: ReceiverKind, extra: Parameters<typeof Type.Object>[0]) =>
  Type.Object({ kind: Type.Literal(kind), ...receiverFields, ...extra }, { additionalProperties: false });

/** One receiver entry of the file; `kind` picks which fields apply. */
export const ReceiverSchema = Type.Union([
  receiverSchema('webhook', { maxAlerts: Type.Optional(Type.Integer({ minimum: 0, description: 'must be a whole number, 0 for no limit' })) }),
  receiverSchema('alertmanager', {
    resendIntervalMs: Type.Optional(Type.Integer({ minimum: 10_000, maximum: 3_600_000, description: 'must be whole milliseconds from 10000 to 3600000, e.g. 60000' })),
  }),
  receiverSchema('dingtalk', { secret, language }),
  receiverSchema('wecom', { language }),
  receiverSchema('feishu', { secret, language }),
]);

const timingFields = {
  group_by: Type.Optional(Type.Array(Type.String(), { description: 'must be a list of label names, e.g. [alertname, tenant], or [\'...\'] for all labels' })),
  group_wait: Type.Optional(Type.String(DURATION)),
  group_interval: Type.Optional(Type.String(DURATION)),
  repeat_interval: Type.Optional(Type.String(DURATION)),
};

/** A child route: matchers pick alerts, unset fields inherit from the parent. */
export const ChildRouteSchema = Type.Recursive(
  (This) =>
    Type.Object(
      {
        matchers: Type.Optional(Type.Array(Type.String(), { description: 'must be a list like [\'tenant_id="ten_x"\', \'severity=~"critical|warning"\']' })),
        receiver: Type.Optional(Type.String({ description: 'must name a receiver' })),
        continue: Type.Optional(Type.Boolean({ description: 'must be true or false' })),
        ...timingFields,
        routes: Type.Optional(Type.Array(This)),
      },
      { additionalProperties: false },
    ),
  { $id: 'NotificationRoute' },
);

/** The whole notifications file. */
export const NotificationsFileSchema = Type.Object(
  {
    receivers: Type.Array(ReceiverSchema, { minItems: 1, description: 'must list at least one receiver' }),
    route: Type.Object(
      { receiver: Type.String({ description: 'must name the default receiver' }), ...timingFields, routes: Type.Optional(Type.Array(ChildRouteSchema)) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type NotificationsFile = Static<typeof NotificationsFileSchema>;
type ChildRoute = Static<typeof ChildRouteSchema>;

/** A receiver with every default filled in. */
export interface ReceiverConfig {
  name: string;
  kind: ReceiverKind;
  url: string;
  secret?: string;
  timeoutMs: number;
  headers: Readonly<Record<string, string>>;
  /** Webhook: alerts listed at most (0: all); the rest are counted in `truncatedAlerts`. */
  maxAlerts: number;
  /** Alertmanager: how often firing alerts are posted again so Alertmanager keeps them active. */
  resendIntervalMs: number;
  language: MessageLanguage;
}

/** Timings of a route, in milliseconds. */
export interface RouteTimings {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** A route with inherited values resolved; `id` is stable for a given file. */
export interface RouteNode {
  id: string;
  matchers: readonly LabelMatcher[];
  receiver: string;
  /** Label names alerts are grouped by, or `all` (`['...']` in the file). */
  groupBy: readonly string[] | 'all';
  timings: RouteTimings;
  continue: boolean;
  routes: readonly RouteNode[];
}

/** The checked notifications configuration. */
export interface NotificationsConfig {
  receivers: ReadonlyMap<string, ReceiverConfig>;
  route: RouteNode;
}

/** Defaults, as Alertmanager's. */
export const DEFAULT_GROUP_BY = ['alertname', 'tenant'] as const;
export const DEFAULT_TIMINGS: RouteTimings = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000 };
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RESEND_MS = 60_000;

/** A notifications file Tideway refuses; `problems` are "where: what to do" lines. */
export class NotificationsConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly source: string, readonly problems: string[]) {
    super(`notifications config ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'NotificationsConfigError';
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Milliseconds of an Alertmanager-style duration (`30s`, `5m`, `1h30m`, `0s`, units ms to w); NaN if unreadable. */
export function parseRouteDuration(text: string): number {
  if (!/^(\d+(ms|s|m|h|d|w))+$/.test(text)) return Number.NaN;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(amount) * UNITS[unit];
  return total;
}

/** What is wrong with a receiver URL (never quoting it: robot URLs carry access tokens), or null. */
export function receiverUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL; give the full address, e.g. https://oapi.dingtalk.com/robot/send?access_token=...';
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'must start with http:// or https://';
}

function resolveReceiver(entry: NotificationsFile['receivers'][number], at: string, problems: string[]): ReceiverConfig {
  const urlProblem = receiverUrlProblem(entry.url);
  if (urlProblem) problems.push(`${at}.url: ${urlProblem}`);
  for (const name of Object.keys(entry.headers ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(name)) problems.push(`${at}.headers: '${name}' is not a header name; use letters, digits and -, e.g. Authorization`);
  }
  // Kind-specific fields, read off the union without narrowing it kind by kind.
  const own = entry as { secret?: string; maxAlerts?: number; resendIntervalMs?: number; language?: MessageLanguage };
  return {
    name: entry.name,
    kind: entry.kind,
    url: entry.url,
    ...(own.secret ? { secret: own.secret } : {}),
    timeoutMs: entry.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers: entry.headers ?? {},
    maxAlerts: own.maxAlerts ?? 0,
    resendIntervalMs: own.resendIntervalMs ?? DEFAULT_RESEND_MS,
    language: own.language ?? 'zh-CN',
  };
}

interface RouteContext {
  receivers: ReadonlyMap<string, ReceiverConfig>;
  problems: string[];
}

function duration(text: string | undefined, fallback: number, at: string, problems: string[], positive = false): number {
  if (text === undefined) return fallback;
  const ms = parseRouteDuration(text);
  if (Number.isNaN(ms)) problems.push(`${at}: '${text}' ${DURATION.description}`);
  else if (positive && ms === 0) problems.push(`${at}: must be longer than 0s, e.g. 4h`);
  return Number.isNaN(ms) ? fallback : ms;
}

function resolveRoute(route: ChildRoute, parent: RouteNode | null, id: string, at: string, context: RouteContext): RouteNode {
  const { problems } = context;
  const matchers = (route.matchers ?? []).flatMap((text, index) => {
    try {
      return parseMatchers(text);
    } catch (error) {
      problems.push(`${at}.matchers[${index}]: ${(error as MatcherError).message}`);
      return [];
    }
  });
  const receiver = route.receiver ?? parent?.receiver ?? '';
  if (route.receiver !== undefined && !context.receivers.has(route.receiver)) {
    problems.push(`${at}.receiver: '${route.receiver}' is not a receiver; use one of ${[...context.receivers.keys()].join(', ')}`);
  }
  const groupBy = route.group_by === undefined ? (parent?.groupBy ?? [...DEFAULT_GROUP_BY]) : route.group_by.includes('...') ? 'all' : route.group_by;
  if (Array.isArray(groupBy)) {
    groupBy.filter((name) => !LABEL_NAME.test(name)).forEach((name) => problems.push(`${at}.group_by: '${name}' is not a label name; use letters, digits and _ (or '...' for all labels)`));
  }
  const inherited = parent?.timings ?? DEFAULT_TIMINGS;
  const node: RouteNode = {
    id: parent ? `${id}${formatMatchers(matchers)}` : id,
    matchers,
    receiver,
    groupBy,
    timings: {
      groupWaitMs: duration(route.group_wait, inherited.groupWaitMs, `${at}.group_wait`, problems),
      groupIntervalMs: duration(route.group_interval, inherited.groupIntervalMs, `${at}.group_interval`, problems),
      repeatIntervalMs: duration(route.repeat_interval, inherited.repeatIntervalMs, `${at}.repeat_interval`, problems, true),
    },
    continue: route.continue ?? false,
    routes: [],
  };
  // The child's position keeps ids unique when two siblings have the same matchers.
  const routes = (route.routes ?? []).map((child, index) => resolveRoute(child, node, `${node.id}/${index}`, `${at}.routes[${index}]`, context));
  return { ...node, routes };
}

// Schema messages quote the offending value; for URLs, secrets and headers that value may be a
// credential, so it is cut.
function withoutSecretValue(path: string, message: string): string {
  return /\.(url|secret)$|\.headers(\.|$)/.test(path) ? message.replace(/ \(got .*\)$/s, '') : message;
}

/** Checks a parsed file (YAML or an object) and resolves defaults; throws NotificationsConfigError. */
export function checkNotificationsConfig(raw: unknown, source = 'notifications config'): NotificationsConfig {
  const issues = schemaIssues(NotificationsFileSchema, raw);
  if (issues.length > 0) throw new NotificationsConfigError(source, issues.map((issue) => `${issue.path || '(top level)'}: ${withoutSecretValue(issue.path, issue.message)}`));
  const file = raw as NotificationsFile;
  const problems: string[] = [];
  const receivers = new Map<string, ReceiverConfig>();
  file.receivers.forEach((entry, index) => {
    if (receivers.has(entry.name)) problems.push(`receivers[${index}].name: '${entry.name}' is used by an earlier receiver; names must be unique`);
    receivers.set(entry.name, resolveReceiver(entry, `receivers[${index}]`, problems));
  });
  const route = resolveRoute(file.route, null, '{}', 'route', { receivers, problems });
  if (problems.length > 0) throw new NotificationsConfigError(source, problems);
  return { receivers, route };
}

/** Parses and checks the YAML text of a notifications file. */
export function parseNotificationsConfig(text: string, source: string): NotificationsConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new NotificationsConfigError(source, [`is not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new NotificationsConfigError(source, ['(top level): must be a mapping with receivers: and route:, see control-plane/notify/notifications.example.yaml']);
  }
  return checkNotificationsConfig(raw, source);
}

/** Reads and checks the notifications file at `path`. */
export function loadNotificationsConfig(path: string): NotificationsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new NotificationsConfigError(path, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseNotificationsConfig(text, path);
}
