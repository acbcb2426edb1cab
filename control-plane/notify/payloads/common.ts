/** What every payload builder is given, and the helpers they share. */
import type { Labels, NotifiableAlert } from '../../alerts/model.ts';

/** One notification of one group to one receiver, as planned and keyed. */
export interface Notification {
  receiver: string;
  groupKey: string;
  groupLabels: Labels;
  status: 'firing' | 'resolved';
  /** Firing alerts first, then resolved ones. */
  alerts: readonly NotifiableAlert[];
  /** The instant the group was flushed. */
  flushAt: number;
  idempotencyKey: string;
  /** Base URL of the Tideway dashboard, for links. */
  externalUrl: string;
}

/** Instants in payloads: ISO 8601 in UTC. */
export const isoTime = (at: number) => new Date(at).toISOString();

/** When a resolved alert ended: its `endsAt`, or the flush that reported it. */
export const resolvedAt = (alert: NotifiableAlert, flushAt: number) => alert.endsAt ?? flushAt;

/** The dashboard page of one alert. */
export function alertUrl(externalUrl: string, fingerprint: string): string {
  return `${externalUrl.replace(/\/+$/, '')}/#/alerts/${encodeURIComponent(fingerprint)}`;
}

function common(maps: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  if (maps.length === 0) return {};
  const [first, ...rest] = maps;
  const out: Record<string, string> = {};
  for (const name of Object.keys(first).sort()) {
    if (rest.every((map) => map[name] === first[name])) out[name] = first[name];
  }
  return out;
}

/** Labels every alert of the notification has with the same value. */
export const commonLabels = (alerts: readonly NotifiableAlert[]) => common(alerts.map((alert) => alert.labels));

/** Annotations every alert of the notification has with the same value. */
export const commonAnnotations = (alerts: readonly NotifiableAlert[]) => common(alerts.map((alert) => alert.annotations));

/** How many alerts of the notification fire. */
export const firingCount = (notification: Notification) => notification.alerts.filter((alert) => alert.status === 'firing').length;
