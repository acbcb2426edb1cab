/** A tenant freeze in words: which days it covers, and the months of a tax-filing freeze edited one by one. */
import { t } from './i18n/index.ts';
import type { Freeze, FreezeKind } from './schedule-types.ts';

/** The days a freeze covers, e.g. "Last 2 and first 3 days of every month". */
export function freezeDays(freeze: Pick<Freeze, 'kind' | 'params'>): string {
  const p = freeze.params;
  switch (freeze.kind as FreezeKind) {
    case 'month-end':
      return t('freeze.days.month-end', { last: p.lastDays ?? 2, first: p.firstDays ?? 3 });
    case 'tax-filing':
      return t('freeze.days.tax-filing', { from: p.fromDay ?? 1, to: p.toDay ?? 15 });
    case 'year-end':
      return t('freeze.days.year-end', { from: p.from ?? '12-25', to: p.to ?? '01-05' });
    default:
      return t('freeze.days.custom', { from: p.from ?? '', to: p.to ?? '' });
  }
}

/** The months of a tax-filing freeze that differ from its default, in order, e.g. "2026-04: days 1–20". */
export function monthOverrides(freeze: Pick<Freeze, 'params'>): string[] {
  return Object.entries(freeze.params.months ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, range]) => (range ? t('freeze.monthDays', { month, from: range.fromDay, to: range.toDay }) : t('freeze.monthOff', { month })));
}
