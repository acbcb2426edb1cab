/**
 * Creates a silence from an alert: matchers start from its rule and host (editable), the
 * end is 1 hour, 4 hours, 1 day or a chosen time, and a reason is required. A silence for a
 * tenant's alert is scoped to that tenant.
 */
import { useState } from 'preact/hooks';
import { defaultMatchers, localizedAnnotation, silenceEndsAt, SILENCE_DURATIONS, type SilenceDuration } from '../alerts.ts';
import { alertsApi } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useAction } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import type { AlertItem, Matcher } from '../types.ts';
import { instantToWallTime, wallTimeToInstant } from '../zoned-time.ts';
import { MatcherRows } from './matcher-rows.tsx';
import { DialogFooter, Modal } from './modal.tsx';
import { ZonedTimeField } from './zoned-time-field.tsx';

const DEFAULT_CUSTOM_MS = 2 * 3_600_000;

export interface SilenceDialogProps {
  alert: AlertItem;
  tenantName: string | null;
  /** The zone times are shown and entered in. */
  zone: string;
  onCreated: () => void;
  onClose: () => void;
}

function DurationPicker({ value, onChange }: { value: SilenceDuration; onChange: (value: SilenceDuration) => void }) {
  return (
    <fieldset class="durations">
      <legend>{t('silence.duration')}</legend>
      {SILENCE_DURATIONS.map((duration) => (
        <label key={duration}>
          <input type="radio" name="silence-duration" value={duration} checked={value === duration} onChange={() => onChange(duration)} />
          {t(`silence.duration.${duration}`)}
        </label>
      ))}
    </fieldset>
  );
}

export function SilenceDialog({ alert, tenantName, zone, onCreated, onClose }: SilenceDialogProps) {
  const lang = getLang();
  const [matchers, setMatchers] = useState<Matcher[]>(() => defaultMatchers(alert));
  const [duration, setDuration] = useState<SilenceDuration>('1h');
  const [customEnd, setCustomEnd] = useState(() => instantToWallTime(Date.now() + DEFAULT_CUSTOM_MS, zone));
  const [comment, setComment] = useState('');
  const { busy, error, run } = useAction();
  const now = Date.now();
  const endsAt = silenceEndsAt(duration, now, wallTimeToInstant(customEnd, zone));

  const submit = (event: Event) => {
    event.preventDefault();
    if (endsAt === null) return;
    void run(async () => {
      const tenantId = alert.tenantId ?? undefined;
      await alertsApi.createSilence({ matchers, endsAt: new Date(endsAt).toISOString(), comment: comment.trim(), tenantId });
      onCreated();
      onClose();
    });
  };

  return (
    <Modal id="silence" title={t('silence.title')} onClose={onClose}>
      <form onSubmit={submit}>
        <p>
          <strong>{localizedAnnotation(alert, 'summary', lang)}</strong>
        </p>
        <p class="muted">{t('silence.intro')}</p>
        {tenantName !== null && <p class="muted">{t('silence.scope', { tenant: tenantName })}</p>}
        <MatcherRows matchers={matchers} onChange={setMatchers} />
        <DurationPicker value={duration} onChange={setDuration} />
        {duration === 'custom' && (
          <ZonedTimeField labelKey="silence.customEnd" zone={zone} value={customEnd} onInput={setCustomEnd} invalid={endsAt === null} describedBy="silence-ends" />
        )}
        <p id="silence-ends" class={endsAt === null ? 'error' : 'muted'} aria-live="polite">
          {endsAt === null ? t('silence.endInvalid') : t('silence.endsPreview', { at: `${formatDateTime(endsAt, lang, zone)} (${zone})` })}
        </p>
        <label>
          {t('silence.comment')}
          <input required maxLength={1000} value={comment} placeholder={t('silence.commentPlaceholder')} onInput={(event) => setComment(event.currentTarget.value)} />
        </label>
        <DialogFooter error={error} busy={busy} disabled={endsAt === null} submitLabel={t('silence.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
