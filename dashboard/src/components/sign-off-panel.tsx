/**
 * A report's sign-off on its page: where it stands, when it was issued and when it is due
 * (in the tenant's zone, on the `5x8` calendar), and who decided; tenant admins and ops
 * writers confirm or submit amendments while it awaits, ops writers issue a report that has none.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { actorName } from '../alerts.ts';
import { errorText } from '../errors.ts';
import { formatDateTime } from '../format.ts';
import { useAction } from '../hooks.ts';
import { getLang } from '../i18n/index.ts';
import { pt } from '../i18n/report-text.ts';
import { reportApi } from '../report-api.ts';
import type { ReportSummary } from '../report-types.ts';
import { DEFAULT_ZONE } from '../schedule-types.ts';
import { useSession } from '../session.ts';
import { MAX_AMENDMENT_CHARS, amendmentText, signOffActions, type SignOff } from '../sign-off.ts';
import { FactList } from './fact-list.tsx';

export interface SignOffPanelProps {
  report: ReportSummary;
  onChanged: (report: ReportSummary) => void;
}

function Facts({ signOff, zone }: { signOff: SignOff; zone: string }) {
  const lang = getLang();
  const at = (iso: string) => <time dateTime={iso}>{formatDateTime(Date.parse(iso), lang, zone)}</time>;
  const facts: Array<readonly [string, ComponentChildren]> = [
    [pt('signOff.state'), <span class={`badge signoff-${signOff.state}`} data-signoff={signOff.state}>{pt(`signOffState.${signOff.state}`)}</span>],
    [pt('signOff.issued'), at(signOff.issuedAt)],
    [pt('signOff.due', { zone, calendar: signOff.calendar }), <span data-due>{at(signOff.dueAt)}</span>],
  ];
  if (signOff.decidedAt !== null) facts.push([pt('signOff.decided'), <span data-decided>{pt('signOff.by', { at: formatDateTime(Date.parse(signOff.decidedAt), lang, zone), by: actorName(signOff.decidedBy) })}</span>]);
  if (signOff.amendments !== null) facts.push([pt('signOff.amendments'), <span class="amendments">{signOff.amendments}</span>]);
  return <FactList class="signoff-facts" facts={facts} />;
}

function Decide({ report, onChanged }: SignOffPanelProps) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const { busy, error, run } = useAction();
  const amend = (event: Event) => {
    event.preventDefault();
    const body = amendmentText(text);
    setInvalid(body === null);
    if (body !== null) void run(async () => onChanged(await reportApi.amend(report.id, body)));
  };
  return (
    <>
      <p class="muted">{pt('signOff.awaitingHint')}</p>
      <p>
        <button type="button" aria-busy={busy} disabled={busy} onClick={() => void run(async () => onChanged(await reportApi.confirm(report.id)))}>
          {pt('signOff.confirm')}
        </button>
      </p>
      <form onSubmit={amend} class="amend-form" noValidate>
        <label>
          {pt('signOff.amendText')}
          <textarea rows={4} maxLength={MAX_AMENDMENT_CHARS} value={text} aria-invalid={invalid || undefined} aria-describedby="amend-hint" onInput={(e) => setText(e.currentTarget.value)} />
          <small id="amend-hint">{pt(invalid ? 'signOff.badAmendment' : 'signOff.amendHint', { max: MAX_AMENDMENT_CHARS })}</small>
        </label>
        <button type="submit" class="secondary" disabled={busy}>{pt('signOff.amend')}</button>
      </form>
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
    </>
  );
}

export function SignOffPanel({ report, onChanged }: SignOffPanelProps) {
  const session = useSession();
  const zone = session.tenants.get(report.tenantId)?.timeZone ?? DEFAULT_ZONE;
  const actions = signOffActions(session.user.role, report.signOff);
  const { busy, error, run } = useAction();
  return (
    <section class="signoff" aria-labelledby="signoff-heading" data-signoff-state={report.signOff?.state ?? 'none'}>
      <h2 id="signoff-heading">{pt('signOff.title')}</h2>
      {report.signOff ? <Facts signOff={report.signOff} zone={zone} /> : <p class="muted">{pt('signOff.none')}</p>}
      {actions.decide && <Decide report={report} onChanged={onChanged} />}
      {actions.issue && (
        <button type="button" class="secondary" aria-busy={busy} disabled={busy} onClick={() => void run(async () => onChanged(await reportApi.issue(report.id)))}>
          {pt('signOff.issue')}
        </button>
      )}
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
    </section>
  );
}
