/**
 * A rollout's or wave's progress: a bar of succeeded, failed, rolled-back, skipped and
 * in-flight parts over the pending rest, with "done of total" beside it and, when asked, a
 * legend of the counts. Screen readers get a progress bar whose text names every part.
 */
import { formatCount } from '../format.ts';
import { getLang } from '../i18n/index.ts';
import { rt } from '../i18n/rollout-text.ts';
import { progressOf, type SegmentKind } from '../rollout-progress.ts';
import type { HostCounts } from '../rollout-types.ts';

const partName = (kind: SegmentKind | 'pending'): string => (kind === 'in-flight' ? rt('progress.inFlight') : rt(`hostState.${kind}`));

/** Host counts by state, the bar's name, and whether to list the counts under it. */
export interface ProgressBarProps {
  counts: HostCounts;
  /** What the bar is of, for screen readers. */
  label: string;
  legend?: boolean;
}

/** One progress bar. */
export function ProgressBar({ counts, label, legend = false }: ProgressBarProps) {
  const lang = getLang();
  const progress = progressOf(counts);
  const doneText = rt('progress.done', { done: formatCount(progress.done, lang), total: formatCount(progress.total, lang) });
  const drawn = progress.segments.filter((segment) => segment.count > 0);
  const listed: Array<{ kind: SegmentKind | 'pending'; count: number }> = progress.pending > 0 ? [...drawn, { kind: 'pending', count: progress.pending }] : drawn;
  const partText = (kind: SegmentKind | 'pending', count: number) => rt('progress.part', { state: partName(kind), count: formatCount(count, lang) });
  const summary = [doneText, ...listed.map((part) => partText(part.kind, part.count))].join(', ');
  return (
    <div class="rollout-progress" data-done={progress.done} data-total={progress.total} data-errors={progress.errors}>
      <div class="progress-line">
        <div class="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done} aria-valuetext={summary} title={summary}>
          {drawn.map((part) => (
            <span key={part.kind} class={`progress-part part-${part.kind}`} style={{ width: `${part.percent}%` }} data-segment={part.kind} data-count={part.count} />
          ))}
        </div>
        <span class="progress-text">{doneText}</span>
      </div>
      {legend && (
        <ul class="progress-legend" aria-hidden="true">
          {listed.map((part) => (
            <li key={part.kind} data-part={part.kind}>
              <span class={`swatch part-${part.kind}`} />
              {partText(part.kind, part.count)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
