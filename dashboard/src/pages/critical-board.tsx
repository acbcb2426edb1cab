/**
 * `#/critical/ID`: one critical period's board. The header counts down to its start or end;
 * below, the covered hosts' health and the period's incidents with their heightened
 * deadlines. Host pushes update statuses in place; alert, incident and critical-period pushes
 * fetch the board again, at most once a second.
 */
import { useEffect, useRef } from 'preact/hooks';
import { BoardHostTable, BoardIncidentTable } from '../components/board-tables.tsx';
import { FactList } from '../components/fact-list.tsx';
import { applyHostPush, periodClock } from '../critical-period.ts';
import { criticalApi } from '../critical-api.ts';
import { criticalPeriodsHref } from '../critical-routes.ts';
import type { CriticalBoard, CriticalPeriod } from '../critical-types.ts';
import { errorText } from '../errors.ts';
import { formatCount, formatDateTime, formatDuration } from '../format.ts';
import { useFocusOnChange, useLive, useNow, useResource } from '../hooks.ts';
import { ct } from '../i18n/critical-text.ts';
import { getLang, t } from '../i18n/index.ts';
import type { LiveMessage } from '../live.ts';
import { reportHref } from '../report-routes.ts';
import { useSession } from '../session.ts';
import { CoverageText, PeriodStateBadge } from './critical-periods.tsx';

const REFRESH_AFTER_PUSH_MS = 1000;

function Countdown({ period, now }: { period: CriticalPeriod; now: number }) {
  const clock = periodClock(period, now);
  const lang = getLang();
  const text =
    clock.kind === 'starts'
      ? ct('board.startsIn', { duration: formatDuration(clock.seconds, lang) })
      : clock.kind === 'ends'
        ? ct('board.endsIn', { duration: formatDuration(clock.seconds, lang) })
        : ct(clock.kind === 'ended' ? 'board.ended' : 'board.cancelled');
  return (
    <p class="countdown period-clock" data-clock={clock.kind} role="timer">
      {text}
    </p>
  );
}

function Counts({ counts }: { counts: CriticalBoard['counts'] }) {
  const lang = getLang();
  const items = [
    ['hosts', ct('board.countHosts'), counts.hosts],
    ['up', ct('board.countUp'), counts.up],
    ['stale', ct('board.countStale'), counts.stale],
    ['down', ct('board.countDown'), counts.down],
    ['open', ct('board.countOpen'), counts.openIncidents],
    ['breached', ct('board.countBreached'), counts.breached],
  ] as const;
  return (
    <dl class="facts board-counts" aria-label={ct('board.summary')}>
      {items.map(([name, label, value]) => (
        <div key={name} data-count={name}>
          <dt>{label}</dt>
          <dd>{formatCount(value, lang)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether a live message may change what the board shows (hosts are merged in place instead). */
const touchesBoard = (message: LiveMessage, periodId: string): boolean =>
  message.type === 'alerts' || message.type === 'incidents' || (message.type === 'critical-period' && (message.periodId === null || message.periodId === periodId));

export function CriticalBoardPage({ periodId }: { periodId: string }) {
  const session = useSession();
  const lang = getLang();
  const now = useNow(1000);
  const heading = useFocusOnChange(periodId);
  const board = useResource((signal) => criticalApi.board(periodId, signal), [periodId]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => void (document.title = `${board.data?.period.title ?? ct('board.title')} · Tideway`), [lang, board.data?.period.title]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  useLive((message) => {
    if (message.type === 'hosts') return board.setData((current) => current && applyHostPush(current, message.items));
    if (!touchesBoard(message, periodId)) return;
    timer.current ??= setTimeout(() => {
      timer.current = null;
      board.refresh();
    }, REFRESH_AFTER_PUSH_MS);
  }, board.reload);

  const data = board.data;
  const period = data?.period;
  const hostNames = new Map((data?.hosts ?? []).map((host) => [host.id, host.name]));
  return (
    <section class="critical-board" data-period-id={periodId}>
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {period?.title ?? ct('board.title')} {period && <PeriodStateBadge period={period} />}
        </h1>
        <p>
          <a href={criticalPeriodsHref(period?.tenantId)}>{ct('board.back')}</a>
        </p>
      </header>
      {board.error !== null && <p role="alert" class="error">{errorText(board.error)}</p>}
      {data === null && board.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {data && period && (
        <>
          <Countdown period={period} now={now} />
          <FactList
            class="period-facts"
            facts={[
              [ct('board.kind'), ct(`criticalKind.${period.kind}`)],
              [ct('board.tenant'), session.tenants.get(period.tenantId)?.name ?? period.tenantId],
              [ct('board.when', { zone: period.zone }), ct('critical.range', { from: formatDateTime(Date.parse(period.startsAt), lang, period.zone), to: formatDateTime(Date.parse(period.endsAt), lang, period.zone) })],
              [ct('critical.col.covers'), <CoverageText period={period} hostNames={hostNames} />],
              ...(period.notes ? [[ct('board.notes'), period.notes] as const] : []),
            ]}
          />
          {period.reportId ? (
            <p class="board-report">
              <a href={reportHref(period.reportId)} role="button" class="secondary">{ct('board.openReport')}</a>
            </p>
          ) : (
            period.state === 'ended' && <p class="muted">{ct('board.reportPending')}</p>
          )}
          <Counts counts={data.counts} />
          <h2>{ct('board.hosts')}</h2>
          <BoardHostTable hosts={data.hosts} now={now} />
          <h2>{ct('board.incidents')}</h2>
          <BoardIncidentTable incidents={data.incidents} hostNames={hostNames} zone={period.zone} now={now} />
        </>
      )}
    </section>
  );
}
