/**
 * Critical periods as a plugin: the service (`app.criticalPeriods`), windows recomputed when
 * a period changes, and the period's contacts told about incidents opened during it, through
 * the contact outbox that window notices use (its worker delivers them, with retries).
 */
import fp from 'fastify-plugin';
import { criticalNoticeRows } from '../critical/notify.ts';
import { CriticalPeriodService } from '../critical/service.ts';
import { toNotifiable } from '../alerts/engine-mutes.ts';
import { CONTACT_NAMESPACE } from '../notices/contacts.ts';
import { sqliteNotificationStore } from '../notify/store.ts';
import type { SqlStore } from '../store/sql/store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    criticalPeriods: CriticalPeriodService;
  }
}

export interface CriticalPeriodsPluginOptions {
  /** The dashboard's public address, for links in notifications. */
  externalUrl: string;
}

export default fp<CriticalPeriodsPluginOptions>(
  async (app, options) => {
    const service = new CriticalPeriodService(app.store, { windowsAffected: (why) => app.scheduling.changed(why) });
    app.decorate('criticalPeriods', service);
    const outbox = sqliteNotificationStore((app.store as SqlStore).db, CONTACT_NAMESPACE);
    app.onCriticalIncident((incident, alert, period) => {
      const notifiable = toNotifiable(alert, []);
      if (!notifiable || period.contactIds.length === 0) return;
      const rows = criticalNoticeRows({ incident, alert: notifiable, period, externalUrl: options.externalUrl, now: incident.openedAt }, app.store.contacts.list(period.tenantId));
      for (const row of rows) outbox.enqueue(row);
      if (rows.length > 0) app.log.info({ incidentId: incident.id, periodId: period.id, contacts: rows.length }, 'critical-period contacts notified');
    });
  },
  { name: 'critical-periods', dependencies: ['store', 'alerting', 'scheduling'] },
);
