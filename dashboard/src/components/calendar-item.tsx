/** One window or booking on the calendar: time, track, status (with its reason) and hosts. */
import type { CalendarItem } from '../calendar-items.ts';
import { formatClock } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { reasonText } from '../reasons.ts';
import { ItemBadge } from './schedule-badges.tsx';

export interface CalendarItemProps {
  item: CalendarItem;
  trackName: string;
  zone: string;
  /** Tenant names for the ops overview; undefined in one tenant's view. */
  tenantNames?: (ids: readonly string[]) => string;
}

/** The details after the status: reason, hosts, tenants, note. */
export function itemDetails(item: CalendarItem, tenantNames?: (ids: readonly string[]) => string): string[] {
  const details: string[] = [];
  if (item.reason) details.push(reasonText(item.reason));
  if (item.hostCount !== null && item.status !== 'skipped' && item.status !== 'cancelled') details.push(t('calendar.hosts', { count: item.hostCount }));
  if (tenantNames && item.tenantIds.length > 0) details.push(tenantNames(item.tenantIds));
  if (item.note) details.push(item.note);
  return details;
}

export function CalendarItemChip({ item, trackName, zone, tenantNames }: CalendarItemProps) {
  const details = itemDetails(item, tenantNames);
  return (
    <div class={`cal-item cal-${item.kind} cal-${item.status}`} data-item={item.key} data-status={item.status}>
      <span class="cal-line">
        <time class="cal-time">{formatClock(item.startAt, getLang(), zone)}</time> <span class="cal-what">{t(item.kind === 'booking' ? 'calendar.booking' : 'calendar.window')}</span>{' '}
        <ItemBadge status={item.status} />
      </span>
      <span class="cal-track">{trackName}</span>
      {details.length > 0 && <span class="cal-details">{details.join(' · ')}</span>}
    </div>
  );
}
