/** A read-only value shown once (a command, a secret URL) with a copy button; where the clipboard is refused, the text is selected for Ctrl+C. */
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

export interface CopyFieldProps {
  label: string;
  value: string;
  copyLabel: string;
  /** Several lines (a command) or one (a URL). */
  rows?: number;
  testId?: string;
}

export function CopyField({ label, value, copyLabel, rows, testId }: CopyFieldProps) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const field = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      // Clipboard access needs a secure context; select the text so Ctrl+C works.
      field.current?.select();
      setCopied('failed');
    }
  };
  const select = (event: Event) => (event.currentTarget as HTMLInputElement).select();
  return (
    <div class="copy-field">
      <label>
        {label}
        {rows ? (
          <textarea ref={field} readOnly rows={rows} class="command" value={value} onFocus={select} data-testid={testId} />
        ) : (
          <input ref={field} readOnly class="command" value={value} onFocus={select} data-testid={testId} />
        )}
      </label>
      <button type="button" onClick={copy}>
        {copyLabel}
      </button>{' '}
      <span role="status">{copied === 'copied' ? t('enroll.copied') : copied === 'failed' ? t('enroll.copyFailed') : ''}</span>
    </div>
  );
}
