/**
 * Adds or edits a contact: name, channel, robot or webhook URL, signing secret and language.
 * URLs and secrets are never read back, so editing leaves them as they are unless retyped.
 */
import { useState } from 'preact/hooks';
import { useAction } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import { CONTACT_KINDS, type Contact, type ContactKind, type ContactLanguage } from '../schedule-types.ts';
import { tenantApi, type ContactInput } from '../tenant-api.ts';
import { DialogFooter, Modal } from './modal.tsx';

export interface ContactDialogProps {
  tenantId: string;
  /** The contact being edited; undefined adds one. */
  contact?: Contact;
  onSaved: () => void;
  onClose: () => void;
}

/** The fields of an edit that changed (URL and secret only when retyped). */
export function contactPatch(before: Contact, after: ContactInput): Partial<ContactInput> {
  const patch: Partial<ContactInput> = {};
  if (after.name !== before.name) patch.name = after.name;
  if (after.kind !== before.kind) patch.kind = after.kind;
  if (after.language && after.language !== before.language) patch.language = after.language;
  if (after.url) patch.url = after.url;
  if (after.secret) patch.secret = after.secret;
  return patch;
}

export function ContactDialog({ tenantId, contact, onSaved, onClose }: ContactDialogProps) {
  const [name, setName] = useState(contact?.name ?? '');
  const [kind, setKind] = useState<ContactKind>(contact?.kind ?? 'dingtalk');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [language, setLanguage] = useState<ContactLanguage>(contact?.language ?? 'zh-CN');
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    const input: ContactInput = { name: name.trim(), kind, url: url.trim(), language, ...(secret ? { secret } : {}) };
    void run(async () => {
      if (!contact) await tenantApi.createContact(tenantId, input);
      else {
        // The API refuses an empty change; nothing edited is nothing to save.
        const patch = contactPatch(contact, input);
        if (Object.keys(patch).length > 0) await tenantApi.updateContact(tenantId, contact.id, patch);
      }
      onSaved();
      onClose();
    });
  };
  const keep = contact ? t('contact.keep') : undefined;
  return (
    <Modal id="contact" title={t(contact ? 'contact.editTitle' : 'contact.addTitle')} onClose={onClose}>
      <form onSubmit={submit}>
        <div class="grid">
          <label>
            {t('contact.name')}
            <input required maxLength={128} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            {t('contact.kind')}
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value as ContactKind)}>
              {CONTACT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`contactKind.${k}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          {t('contact.url')}
          <input type="url" required={!contact} maxLength={2048} value={url} placeholder={keep ?? 'https://'} onInput={(e) => setUrl(e.currentTarget.value)} aria-describedby="contact-url-hint" />
          <small id="contact-url-hint">{contact ? t('contact.urlNow', { url: contact.url }) : t('contact.urlHint')}</small>
        </label>
        <div class="grid">
          <label>
            {t('contact.secret')}
            <input type="password" autoComplete="off" maxLength={256} value={secret} placeholder={contact?.hasSecret ? keep : undefined} onInput={(e) => setSecret(e.currentTarget.value)} />
          </label>
          <label>
            {t('contact.language')}
            <select value={language} onChange={(e) => setLanguage(e.currentTarget.value as ContactLanguage)}>
              <option value="zh-CN">{t('lang.zh-CN')}</option>
              <option value="en">{t('lang.en')}</option>
            </select>
          </label>
        </div>
        <DialogFooter error={error} busy={busy} submitLabel={t('contact.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
