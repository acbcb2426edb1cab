/**
 * Generates a report: tenant (ops choose, a tenant admin has its own), period and language;
 * once posted, the dialog shows the job's progress, polled until it succeeds or fails.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../errors.ts';
import { useAction } from '../hooks.ts';
import { getLang } from '../i18n/index.ts';
import { pt } from '../i18n/report-text.ts';
import { reportApi } from '../report-api.ts';
import { defaultPeriodForm, jobFinished, jobStatusText, periodFromForm, type PeriodForm } from '../report-period.ts';
import { reportHref } from '../report-routes.ts';
import { PERIOD_KINDS, REPORT_LOCALES, type ReportJob, type ReportLocale } from '../report-types.ts';
import { useSession } from '../session.ts';
import { browserZone } from '../zoned-time.ts';
import { DialogFooter, Modal } from './modal.tsx';
import { TenantOptions } from './tenant-options.tsx';

/** How often a running job is asked for its progress. */
const POLL_MS = 500;

export interface GenerateReportDialogProps {
  defaultTenantId: string | undefined;
  /** Called once the job has finished, so the list can show the new report. */
  onFinished: (job: ReportJob) => void;
  onClose: () => void;
}

/** Polls a job until it finishes; a failed poll shows its error and stops. */
function useJob(initial: ReportJob | null, onFinished: (job: ReportJob) => void): { job: ReportJob | null; error: unknown } {
  const [job, setJob] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setJob(initial), [initial]);
  useEffect(() => {
    if (!job) return;
    if (jobFinished(job)) return void onFinished(job);
    const controller = new AbortController();
    const timer = setTimeout(() => reportApi.job(job.id, controller.signal).then(setJob, (cause: unknown) => controller.signal.aborted || setError(cause)), POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [job]);
  return { job, error };
}

function JobProgress({ job, error }: { job: ReportJob; error: unknown }) {
  const lang = getLang();
  const status = jobStatusText(job, lang);
  return (
    <div class="report-job" data-state={job.state} data-percent={job.percent}>
      <progress value={job.percent} max={100} aria-label={pt('generate.progress')} aria-valuetext={`${job.percent}% · ${status}`} />
      <p role={job.state === 'failed' ? 'alert' : 'status'} class={job.state === 'failed' ? 'error' : undefined}>
        {job.percent}% · {status}
      </p>
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      {job.state === 'succeeded' && job.reportId && <a href={reportHref(job.reportId)}>{pt('generate.open')}</a>}
    </div>
  );
}

function PeriodFields({ form, edit }: { form: PeriodForm; edit: (patch: Partial<PeriodForm>) => void }) {
  return (
    <div class="grid">
      <label>
        {pt('generate.kind')}
        <select value={form.kind} onChange={(e) => edit({ kind: e.currentTarget.value as PeriodForm['kind'] })}>
          {PERIOD_KINDS.map((kind) => <option key={kind} value={kind}>{pt(`period.${kind}`)}</option>)}
        </select>
      </label>
      {form.kind !== 'range' && (
        <label>
          {pt('generate.year')}
          <input type="number" min={2000} max={2100} value={form.year} onInput={(e) => edit({ year: e.currentTarget.value })} />
        </label>
      )}
      {form.kind === 'half-year' && (
        <label>
          {pt('generate.half')}
          <select value={form.half} onChange={(e) => edit({ half: e.currentTarget.value === '2' ? '2' : '1' })}>
            <option value="1">H1</option>
            <option value="2">H2</option>
          </select>
        </label>
      )}
      {form.kind === 'range' && (
        <>
          <label>
            {pt('generate.from')}
            <input type="date" value={form.from} onInput={(e) => edit({ from: e.currentTarget.value })} />
          </label>
          <label>
            {pt('generate.to')}
            <input type="date" value={form.to} onInput={(e) => edit({ to: e.currentTarget.value })} />
          </label>
        </>
      )}
    </div>
  );
}

export function GenerateReportDialog({ defaultTenantId, onFinished, onClose }: GenerateReportDialogProps) {
  const session = useSession();
  const tenants = [...session.tenants.values()].sort((a, b) => a.name.localeCompare(b.name));
  const [tenantId, setTenantId] = useState(session.user.tenantId ?? defaultTenantId ?? tenants[0]?.id ?? '');
  const zone = session.tenants.get(tenantId)?.timeZone ?? browserZone();
  const [form, setForm] = useState<PeriodForm>(() => defaultPeriodForm(Date.now(), zone));
  const [locale, setLocale] = useState<ReportLocale>(getLang());
  const [posted, setPosted] = useState<ReportJob | null>(null);
  const { job, error: pollError } = useJob(posted, onFinished);
  const { busy, error, run } = useAction();
  const checked = periodFromForm(form);
  const submit = (event: Event) => {
    event.preventDefault();
    if ('error' in checked) return;
    void run(async () => setPosted(await reportApi.generate({ tenantId, period: checked.period, locale })));
  };
  return (
    <Modal id="generate-report" title={pt('generate.title')} onClose={onClose}>
      {job ? (
        <JobProgress job={job} error={pollError} />
      ) : (
        <form onSubmit={submit} noValidate>
          <div class="grid">
            <label>
              {pt('generate.tenant')}
              <select value={tenantId} disabled={session.user.tenantId !== null} onChange={(e) => setTenantId(e.currentTarget.value)}>
                <TenantOptions tenants={tenants} />
              </select>
            </label>
            <label>
              {pt('generate.locale')}
              <select value={locale} onChange={(e) => setLocale(e.currentTarget.value === 'en' ? 'en' : 'zh-CN')}>
                {REPORT_LOCALES.map((l) => <option key={l} value={l}>{pt(`locale.${l}`)}</option>)}
              </select>
            </label>
          </div>
          <PeriodFields form={form} edit={(patch) => setForm({ ...form, ...patch })} />
          {'error' in checked && <small class="error">{pt(checked.error)}</small>}
          <DialogFooter error={error} busy={busy} disabled={'error' in checked || !tenantId} submitLabel={pt('generate.submit')} onCancel={onClose} />
        </form>
      )}
    </Modal>
  );
}
