/** What every signed-in page shares: the user, the tenants it may see, the live socket and display preferences. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LiveClient } from './live.ts';
import type { Tenant, User } from './types.ts';

/** Whether instants show in the browser's zone or in each host's tenant zone. */
export type ZoneMode = 'browser' | 'tenant';
export const ZONE_STORAGE_KEY = 'tideway.zone';

export interface Session {
  user: User;
  tenants: ReadonlyMap<string, Tenant>;
  live: LiveClient;
  zoneMode: ZoneMode;
}

export const SessionContext = createContext<Session | null>(null);

/** The session of a signed-in page (pages render only inside one). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** The IANA zone to show a tenant's instants in; undefined means the browser's zone. */
export function zoneFor(session: Pick<Session, 'tenants' | 'zoneMode'>, tenantId: string): string | undefined {
  return session.zoneMode === 'tenant' ? session.tenants.get(tenantId)?.timeZone : undefined;
}

/** Reads the stored zone mode; the browser's zone unless the user chose otherwise. */
export function storedZoneMode(): ZoneMode {
  try {
    return localStorage.getItem(ZONE_STORAGE_KEY) === 'tenant' ? 'tenant' : 'browser';
  } catch {
    return 'browser';
  }
}

export function storeZoneMode(mode: ZoneMode): void {
  try {
    localStorage.setItem(ZONE_STORAGE_KEY, mode);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}
