/**
 * The month as a chronological list: holidays and make-up workdays, freezes (as ranges) and
 * windows and bookings, one row each. The same facts as the grid, easier to read aloud.
 */
import type { ComponentChild } from 'preact';
import type { DayMark, FreezeRange } from '../calendar-days.ts';
import type { CalendarItem } from '../calendar-items.ts';
import { formatLocalDay, formatTimeRange } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { itemDetails } from './calendar-item.tsx';
import { festivalName } from './month-grid.tsx';
import { ItemBadge } from './schedule-badges.tsx';
import { TableHead } from './table-head.tsx';

export interface CalendarListProps {
  /** The month's own dates, first to last. */
  dates: readonly string[];
  zone: string;
  markOf: (date: string) => DayMark;
  freezes: readonly FreezeRange[];
  items: readonly CalendarItem[];
  trackName: (trackId: string) => string;
  tenantNames?: (ids: readonly string[]) => string;
}

interface Row {
  key: string;
  date: string;
  sortAt: number;
  cells: [string, string, ComponentChild, string];
  kind: string;
}

function dayRows(dates: readonly string[], markOf: (date: string) => DayMark): Row[] {
  return dates.flatMap((date): Row[] => {
    const mark = markOf(date);
    if (mark.kind !== 'holiday' && mark.kind !== 'makeup-workday') return [];
    const what = t(mark.kind === 'holiday' ? 'calendar.holiday' : 'calendar.makeup', { name: festivalName(mark) });
    return [{ key: `day:${date}`, date, sortAt: 0, kind: mark.kind, cells: [formatLocalDay(date, getLang()), '', what, ''] }];
  });
}

function freezeRows(freezes: readonly FreezeRange[], first: string, last: string): Row[] {
  const lang = getLang();
  return freezes.map((freeze) => {
    const [from, to] = [freeze.fromDate < first ? first : freeze.fromDate, freeze.toDate > last ? last : freeze.toDate];
    const when = from === to ? formatLocalDay(from, lang) : t('calendar.dateRange', { from: formatLocalDay(from, lang), to: formatLocalDay(to, lang) });
    return { key: `freeze:${freeze.freezeId}:${freeze.fromDate}`, date: from, sortAt: 1, kind: 'freeze', cells: [when, '', t('calendar.freeze', { label: freeze.label }), ''] };
  });
}

function itemRows(props: CalendarListProps): Row[] {
  const lang = getLang();
  return props.items.map((item) => ({
    key: item.key,
    date: item.date,
    sortAt: item.startAt,
    kind: item.kind,
    cells: [
      formatLocalDay(item.date, lang),
      formatTimeRange(item.startAt, item.endAt, lang, props.zone),
      <>
        {t(item.kind === 'booking' ? 'calendar.booking' : 'calendar.window')}: {props.trackName(item.trackId)} <ItemBadge status={item.status} />
      </>,
      itemDetails(item, props.tenantNames).join(' · '),
    ],
  }));
}

export function CalendarList(props: CalendarListProps) {
  const [first, last] = [props.dates[0], props.dates[props.dates.length - 1]];
  const rows = [...dayRows(props.dates, props.markOf), ...freezeRows(props.freezes, first, last), ...itemRows(props)].sort(
    (a, b) => a.date.localeCompare(b.date) || a.sortAt - b.sortAt,
  );
  if (rows.length === 0) return <p class="empty">{t('calendar.emptyMonth')}</p>;
  return (
    <div class="table-scroll">
      <table class="calendar-list striped">
        <caption class="visually-hidden">{t('calendar.listCaption', { zone: props.zone })}</caption>
        <TableHead columns={[t('calendar.col.date'), t('calendar.col.time', { zone: props.zone }), t('calendar.col.what'), t('calendar.col.details')]} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-row={row.key} data-kind={row.kind}>
              <th scope="row">{row.cells[0]}</th>
              <td>{row.cells[1]}</td>
              <td class="message">{row.cells[2]}</td>
              <td class="message">{row.cells[3]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
