/** Books one slot: what and when (in the tenant's zone), whether ops must approve, the release and an optional note. */
import { useState } from 'preact/hooks';
import { formatWhen } from '../format.ts';
import { useAction } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { scheduleApi } from '../schedule-api.ts';
import type { Booking, Release, Slot, Track } from '../schedule-types.ts';
import { DialogFooter, Modal } from './modal.tsx';

export interface BookDialogProps {
  track: Track;
  slot: Slot;
  zone: string;
  release: Release | null;
  /** Ops book for a tenant they name; tenant admins book for their own (undefined). */
  tenantId: string | undefined;
  onBooked: (booking: Booking) => void;
  onClose: () => void;
}

export function BookDialog({ track, slot, zone, release, tenantId, onBooked, onClose }: BookDialogProps) {
  const lang = getLang();
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const booking = await scheduleApi.book({
        trackId: track.id,
        slotDate: slot.slotDate,
        ...(tenantId ? { tenantId } : {}),
        ...(release ? { releaseId: release.id } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onBooked(booking);
      onClose();
    });
  };
  return (
    <Modal id="book" title={t('book.title')} onClose={onClose}>
      <form onSubmit={submit}>
        <dl class="facts dialog-facts">
          <div>
            <dt>{t('schedule.track')}</dt>
            <dd>{track.name}</dd>
          </div>
          <div>
            <dt>{t('book.when', { zone })}</dt>
            <dd>{formatWhen(Date.parse(slot.startAt), Date.parse(slot.endAt), lang, zone)}</dd>
          </div>
          <div>
            <dt>{t('book.release')}</dt>
            <dd>{release ? `${release.version} (${t(`releaseKind.${release.kind}`)})` : t('book.noRelease')}</dd>
          </div>
        </dl>
        <p class="notice">{t(track.approval === 'required' ? 'book.needsApproval' : 'book.noApproval')}</p>
        <label>
          {t('book.note')}
          <textarea rows={3} maxLength={1000} value={note} placeholder={t('book.notePlaceholder')} onInput={(event) => setNote(event.currentTarget.value)} />
        </label>
        <DialogFooter error={error} busy={busy} submitLabel={t('book.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
