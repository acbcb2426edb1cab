/** Sign-in form; the session lives in an HttpOnly cookie the page never sees. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { errorText } from '../errors.ts';
import { getLang, t } from '../i18n/index.ts';
import type { User } from '../types.ts';

export interface LoginPageProps {
  onSignedIn: (user: User) => void;
  /** Why the user sees this page, e.g. the session expired. */
  notice?: string;
}

export function LoginPage({ onSignedIn, notice }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => first.current?.focus(), []);
  useEffect(() => void (document.title = `${t('login.title')} · Tideway`), [getLang()]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.login(username.trim(), password);
      onSignedIn(user);
    } catch (cause) {
      setError(cause);
      setBusy(false);
    }
  };

  return (
    <section class="login">
      <article>
        <h1>{t('login.title')}</h1>
        <p class="muted">{t('login.intro')}</p>
        {notice && <p role="status">{notice}</p>}
        <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
          <label>
            {t('login.username')}
            <input ref={first} name="username" autocomplete="username" required value={username} onInput={(event) => setUsername(event.currentTarget.value)} aria-invalid={error ? true : undefined} />
          </label>
          <label>
            {t('login.password')}
            <input
              name="password"
              type="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(event) => setPassword(event.currentTarget.value)}
              aria-invalid={error ? true : undefined}
            />
          </label>
          {error !== null && (
            <p id="login-error" role="alert" class="error">
              {errorText(error)}
            </p>
          )}
          <button type="submit" aria-busy={busy} disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
      </article>
    </section>
  );
}
