/**
 * The generic webhook: Alertmanager's webhook JSON, version 4, so receivers written for
 * Alertmanager (and its many bridges) take Tideway's notifications unchanged.
 * Format: https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
import type { ReceiverConfig } from '../config.ts';
import { alertUrl, commonAnnotations, commonLabels, isoTime, resolvedAt, type Notification } from './common.ts';

/** Go's zero time: what Alertmanager puts in `endsAt` of an alert still firing. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** One alert of a webhook payload. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The webhook body (fields in Alertmanager's order). */
export interface WebhookPayload {
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: WebhookAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
}

/** Builds the webhook v4 body; pure. */
export function buildWebhookPayload(notification: Notification, receiver: ReceiverConfig): WebhookPayload {
  const limit = receiver.maxAlerts > 0 ? receiver.maxAlerts : notification.alerts.length;
  const listed = notification.alerts.slice(0, limit);
  return {
    receiver: receiver.name,
    status: notification.status,
    alerts: listed.map((alert) => ({
      status: alert.status,
      labels: { ...alert.labels },
      annotations: { ...alert.annotations },
      startsAt: isoTime(alert.startsAt),
      endsAt: alert.status === 'resolved' ? isoTime(resolvedAt(alert, notification.flushAt)) : ZERO_TIME,
      generatorURL: alertUrl(notification.externalUrl, alert.fingerprint),
      fingerprint: alert.fingerprint,
    })),
    groupLabels: { ...notification.groupLabels },
    // Computed over every alert, as Alertmanager does before truncating.
    commonLabels: commonLabels(notification.alerts),
    commonAnnotations: commonAnnotations(notification.alerts),
    externalURL: notification.externalUrl,
    version: '4',
    groupKey: notification.groupKey,
    truncatedAlerts: notification.alerts.length - listed.length,
  };
}
