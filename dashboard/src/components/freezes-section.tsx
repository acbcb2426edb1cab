/** A tenant's freeze periods: what each covers, months of tax filing edited one by one, adding and deleting for roles that may. */
import { useState } from 'preact/hooks';
import { shiftMonth } from '../calendar-days.ts';
import { freezeDays, monthOverrides } from '../freeze-text.ts';
import { useResource } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import type { Freeze, FreezeKind } from '../schedule-types.ts';
import { tenantApi } from '../tenant-api.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { FreezeDialog } from './freeze-dialog.tsx';
import { FreezeMonthDialog } from './freeze-month-dialog.tsx';
import { RowButton } from './row-button.tsx';
import { SettingsSection } from './settings-section.tsx';

export interface FreezesSectionProps {
  tenantId: string;
  canWrite: boolean;
  /** This month in the tenant's zone, `YYYY-MM`. */
  thisMonth: string;
}

type Dialog = { kind: 'add' } | { kind: 'month'; freeze: Freeze } | { kind: 'delete'; freeze: Freeze } | null;

export function FreezesSection({ tenantId, canWrite, thisMonth }: FreezesSectionProps) {
  const freezes = useResource((signal) => tenantApi.freezes(tenantId, signal).then((page) => page.items), [tenantId]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <SettingsSection
      name="freezes"
      title={t('freezes.title')}
      intro={t('freezes.intro')}
      add={canWrite ? { label: t('freezes.add'), onClick: () => setDialog({ kind: 'add' }) } : undefined}
      error={freezes.error}
      emptyText={t('freezes.none')}
      table={{ class: 'freezes', caption: t('freezes.caption'), columns: [t('freezes.col.label'), t('freeze.kind'), t('freezes.col.days'), canWrite && t('alerts.col.actions')] }}
      rows={
        freezes.data &&
        freezes.data.map((freeze) => (
          <tr key={freeze.id} data-freeze-id={freeze.id}>
            <th scope="row">{freeze.label}</th>
            <td>{t(`freezeKind.${freeze.kind as FreezeKind}`)}</td>
            <td class="message">
              {freezeDays(freeze)}
              {monthOverrides(freeze).map((line) => (
                <span key={line} class="sub-line">
                  {line}
                </span>
              ))}
            </td>
            {canWrite && (
              <td>
                <div class="row-actions">
                  {freeze.kind === 'tax-filing' && <RowButton label={t('freezes.editMonth')} name={t('freezes.editMonthLabel', { label: freeze.label })} onClick={() => setDialog({ kind: 'month', freeze })} />}
                  <RowButton label={t('freezes.delete')} name={t('freezes.deleteLabel', { label: freeze.label })} onClick={() => setDialog({ kind: 'delete', freeze })} />
                </div>
              </td>
            )}
          </tr>
        ))
      }
    >
      {dialog?.kind === 'add' && <FreezeDialog tenantId={tenantId} onCreated={freezes.reload} onClose={close} />}
      {dialog?.kind === 'month' && <FreezeMonthDialog tenantId={tenantId} freeze={dialog.freeze} defaultMonth={shiftMonth(thisMonth, 1)} onSaved={freezes.reload} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('freezes.deleteTitle')}
          message={t('freezes.deleteMessage', { label: dialog.freeze.label })}
          confirmLabel={t('freezes.delete')}
          onConfirm={async () => {
            await tenantApi.deleteFreeze(tenantId, dialog.freeze.id);
            freezes.reload();
          }}
          onClose={close}
        />
      )}
    </SettingsSection>
  );
}
