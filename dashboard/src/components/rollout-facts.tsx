/** What a rollout is: track, window, cutoff, who created it, its limits, and why it stopped if it did. */
import type { ComponentChildren } from 'preact';
import { formatDateTime, formatDuration, formatWhen } from '../format.ts';
import { getLang } from '../i18n/index.ts';
import { rt } from '../i18n/rollout-text.ts';
import type { RolloutSummary } from '../rollout-types.ts';
import { FactList } from './fact-list.tsx';

const limitText = (limit: number | string): string => String(limit);

/** Paused, aborted or halted, with when and why; nothing for a rollout going its way. */
export function RolloutNotes({ rollout, zone }: { rollout: RolloutSummary; zone: string }) {
  const lang = getLang();
  const at = (iso: string) => formatDateTime(Date.parse(iso), lang, zone);
  const notes: Array<[string, string]> = [];
  if (rollout.state === 'paused' && rollout.pausedAt) notes.push(['paused', rt('rollout.pausedNote', { at: at(rollout.pausedAt), reason: rollout.pauseReason ?? '' })]);
  if (rollout.abortedAt) notes.push(['aborted', rt('rollout.abortedNote', { at: at(rollout.abortedAt), reason: rollout.abortReason ?? '' })]);
  if (rollout.haltedAt) notes.push(['halted', rt('rollout.haltedNote', { at: at(rollout.haltedAt) })]);
  return (
    <>
      {notes.map(([kind, text]) => (
        <p key={kind} class={`rollout-note note-${kind}`} data-note={kind}>
          {text}
        </p>
      ))}
    </>
  );
}

/** The rollout's facts, instants in `zone`. */
export function RolloutFacts({ rollout, zone }: { rollout: RolloutSummary; zone: string }) {
  const lang = getLang();
  const { options } = rollout;
  const rows: Array<[string, ComponentChildren]> = [
    [rt('rollout.track'), rollout.trackId],
    [rt('rollout.window'), `${formatWhen(Date.parse(rollout.windowStartAt), Date.parse(rollout.windowEndAt), lang, zone)} (${zone})`],
    [rt('rollout.cutoff'), formatDateTime(Date.parse(rollout.cutoffAt), lang, zone)],
    [rt('rollout.createdBy'), `${rollout.createdBy}, ${formatDateTime(Date.parse(rollout.createdAt), lang, zone)}`],
    [
      rt('rollout.limits'),
      rt('rollout.limitsText', {
        canary: limitText(options.canary),
        batch: limitText(options.batchSize),
        concurrency: limitText(options.maxConcurrency),
        errors: limitText(options.maxErrors),
        gate: formatDuration(options.healthGateSeconds, lang),
      }),
    ],
  ];
  return <FactList facts={rows} />;
}
