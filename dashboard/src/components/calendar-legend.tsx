/** What the calendar's colours and tags mean; each entry is a sample plus its words. */
import { t, type MessageKey } from '../i18n/index.ts';

const ENTRIES: ReadonlyArray<[string, MessageKey]> = [
  ['cal-window cal-scheduled', 'legend.scheduled'],
  ['cal-window cal-skipped', 'legend.skipped'],
  ['cal-booking cal-requested', 'legend.requested'],
  ['cal-booking cal-confirmed', 'legend.confirmed'],
  ['tag-holiday', 'legend.holiday'],
  ['tag-makeup-workday', 'legend.makeup'],
  ['tag-freeze', 'legend.freeze'],
  ['day-unknown', 'legend.unknown'],
];

export function CalendarLegend() {
  return (
    <section class="calendar-legend" aria-labelledby="legend-heading">
      <h2 id="legend-heading" class="legend-title">
        {t('legend.title')}
      </h2>
      <ul>
        {ENTRIES.map(([classes, key]) => (
          <li key={key}>
            <span class={`swatch ${classes}`} aria-hidden="true" />
            {t(key)}
          </li>
        ))}
      </ul>
    </section>
  );
}
