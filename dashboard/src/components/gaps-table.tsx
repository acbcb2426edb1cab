/** Samples an agent dropped from its full outbox, so missing chart data is explained. */
import { formatCount, formatDateTime } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import type { OutboxGap } from '../types.ts';

export function GapsTable({ gaps, timeZone }: { gaps: readonly OutboxGap[]; timeZone?: string }) {
  const lang = getLang();
  if (gaps.length === 0) return <p class="muted">{t('gaps.none')}</p>;
  const when = (iso: string) => formatDateTime(Date.parse(iso), lang, timeZone);
  return (
    <div class="table-scroll">
      <table class="gaps striped">
        <caption class="visually-hidden">{t('gaps.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gaps.from')}</th>
            <th scope="col">{t('gaps.to')}</th>
            <th scope="col" class="num">{t('gaps.dropped')}</th>
            <th scope="col">{t('gaps.seqs')}</th>
            <th scope="col">{t('gaps.reported')}</th>
          </tr>
        </thead>
        <tbody>
          {[...gaps].reverse().map((gap) => (
            <tr key={`${gap.fromSeq}-${gap.toSeq}`}>
              <td>{when(gap.fromAt)}</td>
              <td>{when(gap.toAt)}</td>
              <td class="num">{formatCount(gap.droppedCount, lang)}</td>
              <td>
                {gap.fromSeq}–{gap.toSeq}
              </td>
              <td>{when(gap.reportedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
