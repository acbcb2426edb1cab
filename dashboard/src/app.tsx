/**
 * The page shell: checks the session, shows the login or the routed page, owns the live
 * socket for the signed-in user and re-renders everything when the language changes.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, setSignedOutHandler } from './api.ts';
import { Header } from './components/header.tsx';
import { LazyChunk } from './components/lazy-chunk.tsx';
import { errorText } from './errors.ts';
import { useFiringCount } from './firing-count.ts';
import { onLangChange, t } from './i18n/index.ts';
import { criticalPages, reportPages, rolloutPages, schedulePages } from './lazy-pages.ts';
import { LiveClient, liveUrl } from './live.ts';
import { ROUTE_EVENT } from './navigate.ts';
import { AlertsPage } from './pages/alerts.tsx';
import { FleetPage } from './pages/fleet.tsx';
import { HostPage } from './pages/host.tsx';
import { IncidentsPage } from './pages/incidents.tsx';
import { LoginPage } from './pages/login.tsx';
import { parseRoute, type Route } from './router.ts';
import { SessionContext, storeZoneMode, storedZoneMode, type Session, type ZoneMode } from './session.ts';
import type { User } from './types.ts';

type Auth =
  | { kind: 'checking' }
  | { kind: 'unreachable'; error: unknown }
  | { kind: 'signed-out'; expired: boolean }
  | { kind: 'signed-in'; user: User; tenants: Session['tenants']; live: LiveClient };

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    window.addEventListener(ROUTE_EVENT, update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener(ROUTE_EVENT, update);
    };
  }, []);
  return route;
}

/** Resolves whether the live socket should keep trying: not once the session is gone. */
async function sessionStillValid(): Promise<boolean> {
  try {
    await api.me();
    return true;
  } catch (error) {
    return !(error instanceof ApiError && error.status === 401);
  }
}

/** Skip link without touching the hash, which holds the route. */
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function Page({ route }: { route: Route }) {
  if (route.page === 'fleet') return <FleetPage query={route.query} />;
  if (route.page === 'host') return <HostPage key={route.hostId} hostId={route.hostId} range={route.range} />;
  if (route.page === 'alerts') return <AlertsPage query={route.query} />;
  if (route.page === 'incidents') return <IncidentsPage query={route.query} />;
  if (route.page === 'rollouts' || route.page === 'rollout') return <LazyChunk load={rolloutPages} render={(pages) => <pages.RolloutPage route={route} />} />;
  if (route.page === 'reports' || route.page === 'report') return <LazyChunk load={reportPages} render={(pages) => <pages.ReportPage route={route} />} />;
  if (route.page === 'critical-periods' || route.page === 'critical-board') return <LazyChunk load={criticalPages} render={(pages) => <pages.CriticalPage route={route} />} />;
  if (route.page !== 'not-found') return <LazyChunk load={schedulePages} render={(pages) => <pages.SchedulePage route={route} />} />;
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="#/">{t('host.back')}</a>
      </p>
    </section>
  );
}

export function App() {
  const [, setLangTick] = useState(0);
  const [auth, setAuth] = useState<Auth>({ kind: 'checking' });
  const [zoneMode, setZoneMode] = useState<ZoneMode>(storedZoneMode);
  const route = useRoute();

  useEffect(() => onLangChange(() => setLangTick((n) => n + 1)), []);

  const signIn = async (user: User) => {
    try {
      const { items } = await api.tenants();
      const live = new LiveClient({ url: liveUrl(location), shouldReconnect: sessionStillValid });
      setAuth({ kind: 'signed-in', user, tenants: new Map(items.map((tenant) => [tenant.id, tenant])), live });
    } catch (error) {
      setAuth({ kind: 'unreachable', error });
    }
  };

  const check = () =>
    api.me().then(
      ({ user }) => signIn(user),
      (error) => setAuth(error instanceof ApiError && error.status === 401 ? { kind: 'signed-out', expired: false } : { kind: 'unreachable', error }),
    );

  useEffect(() => void check(), []);

  useEffect(() => {
    if (auth.kind !== 'signed-in') return;
    setSignedOutHandler(() => setAuth({ kind: 'signed-out', expired: true }));
    return () => {
      setSignedOutHandler(null);
      auth.live.stop();
    };
  }, [auth]);

  const signOut = async () => {
    await api.logout().catch(() => undefined);
    setAuth({ kind: 'signed-out', expired: false });
  };
  const chooseZone = (mode: ZoneMode) => {
    storeZoneMode(mode);
    setZoneMode(mode);
  };

  const signedIn = auth.kind === 'signed-in' ? auth : null;
  const firingCount = useFiringCount(signedIn?.live ?? null);
  return (
    <>
      <a href="#main" class="skip-link" onClick={skipToMain}>
        {t('nav.skip')}
      </a>
      <Header user={signedIn?.user ?? null} live={signedIn?.live ?? null} zoneMode={zoneMode} onZoneMode={chooseZone} onSignOut={signOut} route={route} firingCount={firingCount} />
      <main id="main" class="container" tabIndex={-1}>
        {auth.kind === 'checking' && <p aria-busy="true">{t('common.loading')}</p>}
        {auth.kind === 'unreachable' && (
          <section>
            <p role="alert" class="error">
              {errorText(auth.error)}
            </p>
            <button type="button" onClick={() => (setAuth({ kind: 'checking' }), void check())}>
              {t('common.retry')}
            </button>
          </section>
        )}
        {auth.kind === 'signed-out' && <LoginPage onSignedIn={signIn} notice={auth.expired ? t('login.expired') : undefined} />}
        {signedIn && (
          <SessionContext.Provider value={{ user: signedIn.user, tenants: signedIn.tenants, live: signedIn.live, zoneMode }}>
            <Page route={route} />
          </SessionContext.Provider>
        )}
      </main>
    </>
  );
}
