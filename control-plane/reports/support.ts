/** Imported support interactions by channel and category, with wall-clock response and resolution times. Pure. */
import type { SupportEvent } from '../store/types.ts';
import { iso, mean, median, tally, trace } from './figures.ts';
import type { ReportPeriod, SupportSection } from './model.ts';

/** Support interactions opened in the period, by channel and category. */
export function supportSection(events: readonly SupportEvent[], period: ReportPeriod): SupportSection {
  const inPeriod = events.filter((e) => e.openedAt >= period.fromAt && e.openedAt < period.toAt);
  const minutes = inPeriod.filter((e) => e.firstResponseAt !== null).map((e) => (e.firstResponseAt! - e.openedAt) / 60_000);
  const hours = inPeriod.filter((e) => e.resolvedAt !== null).map((e) => (e.resolvedAt! - e.openedAt) / 3_600_000);
  return {
    count: inPeriod.length,
    byChannel: tally(inPeriod.map((e) => e.channel)),
    byCategory: tally(inPeriod.map((e) => e.category)),
    firstResponseMinutes: { count: minutes.length, mean: mean(minutes), median: median(minutes) },
    resolutionHours: { count: hours.length, mean: mean(hours), median: median(hours) },
    trace: trace('support_events (opened_at in period)', { fromAt: iso(period.fromAt), toAt: iso(period.toAt) }, inPeriod.map((e) => e.externalId)),
  };
}
