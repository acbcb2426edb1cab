/**
 * A month as a table, one row per week (Monday first): each day shows its kind (holiday,
 * make-up workday), the freezes covering it, and its windows and bookings. Days outside the
 * month are dimmed; today is marked for screen readers too.
 */
import type { DayMark, FreezeRange } from '../calendar-days.ts';
import type { CalendarItem } from '../calendar-items.ts';
import { formatLocalDay, formatMonth, weekdayNames } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { CalendarItemChip } from './calendar-item.tsx';

export interface MonthGridProps {
  month: string;
  weeks: readonly string[][];
  today: string;
  zone: string;
  markOf: (date: string) => DayMark;
  freezesOn: ReadonlyMap<string, FreezeRange[]>;
  itemsOn: ReadonlyMap<string, CalendarItem[]>;
  trackName: (trackId: string) => string;
  tenantNames?: (ids: readonly string[]) => string;
}

/** The festival of a listed day, in the page's language. */
export const festivalName = (mark: DayMark): string => (getLang() === 'en' ? (mark.nameEn ?? mark.name ?? '') : (mark.name ?? ''));

function DayKindTag({ mark }: { mark: DayMark }) {
  if (mark.kind !== 'holiday' && mark.kind !== 'makeup-workday') return null;
  return (
    <span class={`day-tag tag-${mark.kind}`} data-day-kind={mark.kind}>
      {t(mark.kind === 'holiday' ? 'calendar.holiday' : 'calendar.makeup', { name: festivalName(mark) })}
    </span>
  );
}

function DayCell({ date, props }: { date: string; props: MonthGridProps }) {
  const mark = props.markOf(date);
  const freezes = props.freezesOn.get(date) ?? [];
  const items = props.itemsOn.get(date) ?? [];
  const outside = date.slice(0, 7) !== props.month;
  const classes = ['day', `day-${mark.kind}`, outside ? 'outside' : '', freezes.length > 0 ? 'frozen' : '', date === props.today ? 'today' : ''];
  return (
    <td class={classes.filter(Boolean).join(' ')} data-date={date} data-kind={mark.kind} aria-current={date === props.today ? 'date' : undefined}>
      <div class="day-head">
        <span class="day-number" aria-hidden="true">
          {Number(date.slice(8))}
        </span>
        <span class="visually-hidden">{formatLocalDay(date, getLang())}</span>
        <DayKindTag mark={mark} />
      </div>
      {freezes.map((freeze) => (
        <span key={freeze.freezeId} class="day-tag tag-freeze" data-freeze={freeze.freezeId}>
          {t('calendar.freeze', { label: freeze.label })}
        </span>
      ))}
      {items.length > 0 && (
        <ul class="day-items">
          {items.map((item) => (
            <li key={item.key}>
              <CalendarItemChip item={item} trackName={props.trackName(item.trackId)} zone={props.zone} tenantNames={props.tenantNames} />
            </li>
          ))}
        </ul>
      )}
    </td>
  );
}

export function MonthGrid(props: MonthGridProps) {
  const lang = getLang();
  return (
    <div class="table-scroll">
      <table class="month-grid">
        <caption class="visually-hidden">{t('calendar.gridCaption', { month: formatMonth(props.month, lang), zone: props.zone })}</caption>
        <thead>
          <tr>
            {weekdayNames(lang).map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((date) => (
                <DayCell key={date} date={date} props={props} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
