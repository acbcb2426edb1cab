/**
 * Pure rules of the alert views: which alerts a list shows and in what order, how live
 * pushes change a list, the summary in the reader's language, the matchers a new silence
 * starts from, and where a silence or maintenance period stands in time.
 */
import type { Lang } from './i18n/index.ts';
import { mergePushed } from './merge-pushed.ts';
import type { AlertsQuery } from './router.ts';
import type { AlertItem, AlertState, Matcher } from './types.ts';

const STATE_RANK: Record<AlertState, number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 };
const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** The instant an alert entered its current state, in epoch ms; null when it has none. */
export function sinceAt(alert: Pick<AlertItem, 'state' | 'activeAt' | 'firedAt' | 'resolvedAt'>): number | null {
  const at = alert.state === 'firing' ? alert.firedAt : alert.state === 'resolved' ? alert.resolvedAt : alert.activeAt;
  return at === null ? null : Date.parse(at);
}

/** Firing before pending before resolved; within a state the most severe, then the newest, first. */
export function compareAlerts(a: AlertItem, b: AlertItem): number {
  return (
    STATE_RANK[a.state] - STATE_RANK[b.state] ||
    (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3) ||
    (sinceAt(b) ?? 0) - (sinceAt(a) ?? 0) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

/** Whether an alert belongs in the list a query shows. */
export function alertMatches(alert: AlertItem, query: AlertsQuery): boolean {
  return alert.state === query.state && (!query.tenantId || alert.tenantId === query.tenantId) && (!query.hostId || alert.hostId === query.hostId);
}

/**
 * A list after a live push: changed alerts that still match replace their old row or join
 * the list; those that no longer match (resolved, another tenant) leave it.
 */
export function mergeAlerts(current: readonly AlertItem[], pushed: readonly AlertItem[], query: AlertsQuery): AlertItem[] {
  return mergePushed(current, pushed, (alert) => alert.fingerprint, (alert) => alertMatches(alert, query), compareAlerts);
}

/** The fingerprints of firing alerts after a push: the header's count is this set's size. */
export function updateFiring(firing: ReadonlySet<string>, pushed: readonly Pick<AlertItem, 'fingerprint' | 'state'>[]): ReadonlySet<string> {
  const next = new Set(firing);
  for (const alert of pushed) {
    if (alert.state === 'firing') next.add(alert.fingerprint);
    else next.delete(alert.fingerprint);
  }
  return next;
}

/** An annotation in the reader's language: `summary_zh` for Chinese when the rule has one. */
export function localizedAnnotation(alert: Pick<AlertItem, 'annotations' | 'ruleId'>, name: 'summary' | 'description', lang: Lang): string {
  const zh = lang === 'zh-CN' ? alert.annotations[`${name}_zh`] : undefined;
  return zh || alert.annotations[name] || (name === 'summary' ? alert.ruleId : '');
}

/** Labels a new silence matches by default: the rule and the host, as far as the alert has them. */
export const DEFAULT_SILENCE_LABELS = ['alertname', 'host_id'] as const;

/** Equality matchers on the default labels the alert carries; the user may edit them. */
export function defaultMatchers(alert: Pick<AlertItem, 'labels'>): Matcher[] {
  return DEFAULT_SILENCE_LABELS.filter((name) => alert.labels[name] !== undefined).map((name) => ({ name, op: '=', value: alert.labels[name] }));
}

/** Silence durations on offer; `custom` takes an end time from the user. */
export const SILENCE_DURATIONS = ['1h', '4h', '1d', 'custom'] as const;
export type SilenceDuration = (typeof SILENCE_DURATIONS)[number];

const DURATION_MS: Record<Exclude<SilenceDuration, 'custom'>, number> = { '1h': 3_600_000, '4h': 4 * 3_600_000, '1d': 86_400_000 };

/** When a silence chosen at `now` ends, in epoch ms; null for a custom end that is missing or not in the future. */
export function silenceEndsAt(duration: SilenceDuration, now: number, customEndsAt: number | null): number | null {
  if (duration !== 'custom') return now + DURATION_MS[duration];
  return customEndsAt !== null && customEndsAt > now ? customEndsAt : null;
}

/** Where a silence or maintenance period stands: not begun, in force, or over (ended or expired early). */
export type MuteStatus = 'scheduled' | 'active' | 'ended';

export function muteStatus(mute: { startsAt: string; endsAt: string; expiredAt?: string | null }, now: number): MuteStatus {
  if (mute.expiredAt || Date.parse(mute.endsAt) <= now) return 'ended';
  return Date.parse(mute.startsAt) > now ? 'scheduled' : 'active';
}

/** A matcher as Alertmanager writes it, e.g. `alertname="cpu-high"`. */
export const matcherText = (matcher: Matcher): string => `${matcher.name}${matcher.op}"${matcher.value}"`;

/** Who did something, for people: `user:li.wei` is `li.wei`; tokens and agents keep their kind (`token:ci`). */
export const actorName = (actor: string | null): string => (actor === null ? '–' : actor.startsWith('user:') ? actor.slice(5) : actor);
