/** Where a tenant's notices go: each contact's channel, its URL as the server redacts it, whether a secret is set, and its language. */
import { useState } from 'preact/hooks';
import { useResource } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import type { Contact } from '../schedule-types.ts';
import { tenantApi } from '../tenant-api.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ContactDialog } from './contact-dialog.tsx';
import { RowButton } from './row-button.tsx';
import { SettingsSection } from './settings-section.tsx';

type Dialog = { kind: 'add' } | { kind: 'edit'; contact: Contact } | { kind: 'delete'; contact: Contact } | null;

export function ContactsSection({ tenantId, canWrite }: { tenantId: string; canWrite: boolean }) {
  const contacts = useResource((signal) => tenantApi.contacts(tenantId, signal).then((page) => page.items), [tenantId]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <SettingsSection
      name="contacts"
      title={t('contacts.title')}
      intro={t('contacts.intro')}
      add={canWrite ? { label: t('contacts.add'), onClick: () => setDialog({ kind: 'add' }) } : undefined}
      error={contacts.error}
      emptyText={t('contacts.none')}
      table={{ class: 'contacts', caption: t('contacts.caption'), columns: [t('contact.name'), t('contact.kind'), t('contact.url'), t('contact.secret'), t('contact.language'), canWrite && t('alerts.col.actions')] }}
      rows={
        contacts.data &&
        contacts.data.map((contact) => (
          <tr key={contact.id} data-contact-id={contact.id}>
            <th scope="row">{contact.name}</th>
            <td>{t(`contactKind.${contact.kind}`)}</td>
            <td class="message">
              <code class="redacted-url">{contact.url}</code>
            </td>
            <td>{t(contact.hasSecret ? 'contacts.secretSet' : 'contacts.secretNone')}</td>
            <td>{t(`lang.${contact.language}`)}</td>
            {canWrite && (
              <td>
                <div class="row-actions">
                  <RowButton label={t('contacts.edit')} name={t('contacts.editLabel', { name: contact.name })} onClick={() => setDialog({ kind: 'edit', contact })} />
                  <RowButton label={t('contacts.delete')} name={t('contacts.deleteLabel', { name: contact.name })} onClick={() => setDialog({ kind: 'delete', contact })} />
                </div>
              </td>
            )}
          </tr>
        ))
      }
    >
      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
        <ContactDialog tenantId={tenantId} contact={dialog.kind === 'edit' ? dialog.contact : undefined} onSaved={contacts.reload} onClose={close} />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('contacts.deleteTitle')}
          message={t('contacts.deleteMessage', { name: dialog.contact.name })}
          confirmLabel={t('contacts.delete')}
          onConfirm={async () => {
            await tenantApi.deleteContact(tenantId, dialog.contact.id);
            contacts.reload();
          }}
          onClose={close}
        />
      )}
    </SettingsSection>
  );
}
