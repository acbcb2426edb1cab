/** Pure rules of the incident view: where an incident stands against its response deadline, and its title. */
import type { Lang } from './i18n/index.ts';
import type { AlertItem, Incident } from './types.ts';

/**
 * The response deadline as the page shows it: `due` with the seconds left, `overdue` with
 * the seconds past, `answered` once acknowledged (late or not), `closed` when it resolved
 * unanswered, `unknown` when no deadline could be computed (a year without holiday data).
 */
export type ResponseStatus =
  | { kind: 'due'; seconds: number }
  | { kind: 'overdue'; seconds: number }
  | { kind: 'answered'; late: boolean }
  | { kind: 'closed' }
  | { kind: 'unknown' };

export function responseStatus(incident: Pick<Incident, 'responseDueAt' | 'acknowledgedAt' | 'resolvedAt' | 'responseBreached'>, now: number): ResponseStatus {
  if (incident.acknowledgedAt !== null) return { kind: 'answered', late: incident.responseBreached };
  if (incident.resolvedAt !== null) return { kind: 'closed' };
  if (incident.responseDueAt === null) return { kind: 'unknown' };
  const leftSeconds = Math.floor((Date.parse(incident.responseDueAt) - now) / 1000);
  return leftSeconds >= 0 ? { kind: 'due', seconds: leftSeconds } : { kind: 'overdue', seconds: -leftSeconds };
}

/** Breached: the server flagged it, or the deadline passed unanswered and the flag is on its way (the server checks once a second). */
export function isBreached(incident: Pick<Incident, 'responseDueAt' | 'acknowledgedAt' | 'resolvedAt' | 'responseBreached'>, now: number): boolean {
  return incident.responseBreached || responseStatus(incident, now).kind === 'overdue';
}

/**
 * The title in the reader's language. The incident keeps the English summary it opened with;
 * the Chinese one comes from its alert when the page has it (the incident API carries none).
 */
export function incidentTitle(incident: Pick<Incident, 'title'>, alert: Pick<AlertItem, 'annotations'> | undefined, lang: Lang): string {
  return (lang === 'zh-CN' && alert?.annotations.summary_zh) || incident.title;
}
