/**
 * During a critical period an incident's alert is also sent to the period's contacts. Each
 * contact gets one outbox row in the `contact` namespace (the delivery worker of window
 * notices sends it, with the same retries), built in the receiver's own format from the
 * alert, with the period and the heightened deadline added. The rows are written in the
 * transaction that opens the incident, so a crash loses or repeats nothing; the idempotency
 * key is fixed by incident and contact.
 */
import { createHash } from 'node:crypto';
import type { NotifiableAlert } from '../alerts/model.ts';
import { contactReceiver } from '../notices/contacts.ts';
import { receiverKind } from '../notify/payloads/index.ts';
import type { Notification } from '../notify/payloads/common.ts';
import { redactUrl } from '../notify/redact.ts';
import type { NewOutboxRow } from '../notify/store.ts';
import type { Contact, Incident } from '../store/types.ts';
import type { CriticalPeriod } from './model.ts';

/** What one incident's critical notifications are built from. */
export interface CriticalNotice {
  incident: Incident;
  alert: NotifiableAlert;
  period: CriticalPeriod;
  externalUrl: string;
  now: number;
}

/** The alert as the period's contacts see it: labelled with the period, annotated with the deadline. */
export function criticalAlert(notice: CriticalNotice): NotifiableAlert {
  const { alert, period, incident } = notice;
  const due = incident.responseDueAt === null ? 'unknown' : new Date(incident.responseDueAt).toISOString();
  return {
    ...alert,
    labels: { ...alert.labels, critical_period_id: period.id },
    annotations: { ...alert.annotations, critical_period: `${period.title} (${period.startLocal} to ${period.endLocal})`, response_due_at: due },
  };
}

/** One outbox row per contact of the period that still exists; pure. */
export function criticalNoticeRows(notice: CriticalNotice, contacts: readonly Contact[]): NewOutboxRow[] {
  const alert = criticalAlert(notice);
  const wanted = contacts.filter((contact) => notice.period.contactIds.includes(contact.id) && contact.tenantId === notice.period.tenantId);
  return wanted.map((contact) => {
    const receiver = contactReceiver(contact);
    const groupKey = `critical:${notice.period.id}:${notice.incident.id}`;
    const idempotencyKey = createHash('sha256').update(`critical\n${notice.incident.id}\n${contact.id}`).digest('hex').slice(0, 32);
    const notification: Notification = {
      receiver: receiver.name,
      groupKey,
      groupLabels: { alertname: alert.labels.alertname ?? notice.incident.ruleId, critical_period_id: notice.period.id },
      status: 'firing',
      alerts: [alert],
      flushAt: notice.now,
      idempotencyKey,
      externalUrl: notice.externalUrl,
    };
    return {
      idempotencyKey,
      receiver: receiver.name,
      kind: contact.kind,
      url: redactUrl(contact.url),
      groupKey,
      status: 'firing',
      alertCount: 1,
      body: JSON.stringify(receiverKind(contact.kind).build(notification, receiver)),
      createdAt: notice.now,
    };
  });
}
