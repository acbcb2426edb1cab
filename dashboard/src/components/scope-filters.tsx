/**
 * The tenant (ops only) and track pickers of the scheduling pages, held in the address:
 * changing one navigates to the page's new hash. Extra fields go in as children.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.ts';
import { navigate } from '../navigate.ts';
import type { Track } from '../schedule-types.ts';
import { useSession } from '../session.ts';
import { isOpsRole } from '../types.ts';
import { TenantOptions } from './tenant-options.tsx';

export interface ScopeFiltersProps {
  /** Accessible name of the form. */
  label: string;
  tenantId: string | undefined;
  /** The text of the empty tenant option: "All tenants", or "Choose a tenant" where one is needed. */
  anyTenant: string;
  /** The page's hash for a scope; a picker left out keeps its value. */
  hrefFor: (scope: { tenantId?: string; trackId?: string }) => string;
  /** Tracks to pick from; undefined leaves the track picker out. */
  tracks?: readonly Track[];
  trackId?: string;
  /** The text of the empty track option. */
  anyTrack?: string;
  children?: ComponentChildren;
}

export function ScopeFilters({ label, tenantId, anyTenant, hrefFor, tracks, trackId, anyTrack, children }: ScopeFiltersProps) {
  const session = useSession();
  const tenants = [...session.tenants.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <form class="filters scope-filters" aria-label={label} onSubmit={(event) => event.preventDefault()}>
      {isOpsRole(session.user.role) && (
        <label>
          {t('fleet.tenant')}
          <select value={tenantId ?? ''} onChange={(event) => navigate(hrefFor({ tenantId: event.currentTarget.value || undefined, trackId }))}>
            <option value="">{anyTenant}</option>
            <TenantOptions tenants={tenants} />
          </select>
        </label>
      )}
      {tracks && <TrackSelect tracks={tracks} value={trackId ?? ''} emptyLabel={anyTrack ?? t('schedule.allTracks')} onChange={(id) => navigate(hrefFor({ tenantId, trackId: id || undefined }))} />}
      {children}
    </form>
  );
}

/** A labelled track picker; the empty option ("all", "choose") has the value ''. */
export function TrackSelect({ tracks, value, emptyLabel, onChange, required, invalid }: {
  tracks: readonly Track[];
  value: string;
  emptyLabel: string;
  onChange: (trackId: string) => void;
  required?: boolean;
  invalid?: boolean;
}) {
  return (
    <label>
      {t('schedule.track')}
      <select required={required} value={value} aria-invalid={invalid} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{emptyLabel}</option>
        {tracks.map((track) => (
          <option key={track.id} value={track.id}>
            {track.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The tenant a page is about: a tenant user's own, or the one ops chose (if any). */
export function useScopeTenant(chosen: string | undefined): string | undefined {
  const { user } = useSession();
  return isOpsRole(user.role) ? chosen : (user.tenantId ?? undefined);
}
