/**
 * Posting to a real Alertmanager: the body of `POST /api/v2/alerts`, a list of
 * postableAlerts (https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml).
 * Alertmanager resolves an alert on its own once `endsAt` passes, so a firing alert carries an
 * `endsAt` three resend intervals ahead and is posted again every interval (see the repeat
 * policy in `dispatcher.ts`), as Prometheus does; a resolved one carries the instant it ended.
 */
import type { NotifiableAlert } from '../../alerts/model.ts';
import type { ReceiverConfig } from '../config.ts';
import { alertUrl, isoTime, resolvedAt, type Notification } from './common.ts';

/** One alert as Alertmanager's API takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/** How many resend intervals a firing alert stays active in Alertmanager without a new post. */
export const RESEND_MARGIN = 3;

// Alertmanager refuses the whole post (400) for one label or annotation name outside
// [a-zA-Z_][a-zA-Z0-9_]*, and drops empty label values; names are mapped as Prometheus does.
function sanitized(map: Readonly<Record<string, string>>, dropEmpty: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(map).sort()) {
    if (dropEmpty && map[name] === '') continue;
    const safe = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_') || '_';
    out[safe] = map[name];
  }
  return out;
}

function postable(alert: NotifiableAlert, notification: Notification, receiver: ReceiverConfig): PostableAlert {
  const endsAt = alert.status === 'resolved' ? resolvedAt(alert, notification.flushAt) : notification.flushAt + RESEND_MARGIN * receiver.resendIntervalMs;
  return {
    labels: sanitized(alert.labels, true),
    annotations: sanitized(alert.annotations, false),
    startsAt: isoTime(alert.startsAt),
    endsAt: isoTime(endsAt),
    generatorURL: alertUrl(notification.externalUrl, alert.fingerprint),
  };
}

/** Builds the `POST /api/v2/alerts` body; pure. */
export function buildAlertmanagerPayload(notification: Notification, receiver: ReceiverConfig): PostableAlert[] {
  return notification.alerts.map((alert) => postable(alert, notification, receiver));
}

/** The alerts endpoint under the configured Alertmanager base URL. */
export function alertmanagerAlertsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (!url.pathname.endsWith('/api/v2/alerts')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v2/alerts`;
  return url.toString();
}
