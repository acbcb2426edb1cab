/** What booking a track means: when its slots run, places per slot, lead time, approval, prerequisites and the tenant's subscription. */
import { formatDuration } from '../format.ts';
import { getLang, hasKey, t } from '../i18n/index.ts';
import type { Track } from '../schedule-types.ts';
import { FactList } from './fact-list.tsx';

/** How often a track runs, e.g. "On request" or "Every 2 weeks"; an unknown cadence shows its kind. */
export function cadenceText(track: Pick<Track, 'cadence'>): string {
  const { kind, everyWeeks } = track.cadence;
  if (kind === 'weekly' && everyWeeks && everyWeeks > 1) return t('cadence.everyWeeks', { weeks: everyWeeks });
  const key = `cadence.${kind}`;
  return hasKey(key) ? t(key) : kind;
}

export function TrackFacts({ track }: { track: Track }) {
  const lang = getLang();
  const facts: Array<[string, string]> = [
    [t('track.when'), t('track.whenValue', { cadence: cadenceText(track), start: track.start, zone: track.zone, duration: formatDuration(track.durationMs / 1000, lang) })],
    [t('track.approval'), t(track.approval === 'required' ? 'track.approvalRequired' : 'track.approvalNone')],
  ];
  if (track.capacity !== null) facts.push([t('track.capacity'), String(track.capacity)]);
  if (track.cadence.minLeadMs) facts.push([t('track.lead'), t('track.leadValue', { lead: formatDuration(track.cadence.minLeadMs / 1000, lang) })]);
  if (track.prerequisites.includes('security-audit')) facts.push([t('track.prerequisite'), t('track.auditRequired')]);
  facts.push([t('track.subscription'), track.subscription ? t(`deployment.${track.subscription.deploymentKind as 'private'}`) : t('track.notSubscribed')]);
  return <FactList facts={facts} class="track-facts" data-track={track.id} />;
}
