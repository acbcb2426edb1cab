/**
 * Service reports, newest first (of one tenant, for ops who narrow the list), each with View
 * and its downloads; ops writers and tenant admins generate one on demand and watch its job.
 */
import { useEffect, useState } from 'preact/hooks';
import { GenerateReportDialog } from '../components/generate-report-dialog.tsx';
import { TableHead } from '../components/table-head.tsx';
import { TenantFilter } from '../components/tenant-options.tsx';
import { errorText } from '../errors.ts';
import { formatDateTime, formatLocalDay } from '../format.ts';
import { useFocusOnChange, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { pt } from '../i18n/report-text.ts';
import { downloadUrl, reportApi } from '../report-api.ts';
import { localDate, periodKindKey } from '../report-period.ts';
import { reportHref, reportsHref } from '../report-routes.ts';
import { REPORT_TABLES, type ReportSummary, type ReportTable } from '../report-types.ts';
import { useSession, zoneFor } from '../session.ts';
import type { Role } from '../types.ts';

/** Who may generate; the server decides, this only hides a button that would be refused. */
export const canGenerateReports = (role: Role): boolean => role === 'ops-admin' || role === 'ops-operator' || role === 'tenant-admin';

function Downloads({ report }: { report: ReportSummary }) {
  const [table, setTable] = useState<ReportTable>('availability');
  return (
    <div class="report-downloads" role="group" aria-label={pt('reports.downloadsOf', { period: report.periodLabel })}>
      <a href={downloadUrl(report.id, { format: 'json' })} download>{pt('reports.json')}</a>
      <a href={downloadUrl(report.id, { format: 'html' })} download>{pt('reports.html')}</a>
      <select value={table} aria-label={pt('reports.table')} onChange={(e) => setTable(e.currentTarget.value as ReportTable)}>
        {REPORT_TABLES.map((name) => <option key={name} value={name}>{pt(`table.${name}`)}</option>)}
      </select>
      <a href={downloadUrl(report.id, { format: 'csv', table })} download>{pt('reports.csv')}</a>
    </div>
  );
}

function ReportRow({ report }: { report: ReportSummary }) {
  const session = useSession();
  const lang = getLang();
  const zone = zoneFor(session, report.tenantId);
  const tenant = session.tenants.get(report.tenantId)?.name ?? report.tenantId;
  // The period is whole local days of the tenant's zone, whatever zone the page shows times in.
  const tenantZone = session.tenants.get(report.tenantId)?.timeZone ?? 'UTC';
  const day = (at: number) => formatLocalDay(localDate(at, tenantZone), lang);
  return (
    <tr data-report-id={report.id}>
      <td>{tenant}</td>
      <th scope="row">
        <a href={reportHref(report.id)} aria-label={pt('reports.viewOf', { period: report.periodLabel, tenant })}>{report.periodLabel}</a>
        <small class="muted block">{pt(periodKindKey(report.periodKind))}</small>
        {report.signOff && <small class={`badge signoff-${report.signOff.state}`} data-signoff={report.signOff.state}>{pt(`signOffState.${report.signOff.state}`)}</small>}
      </th>
      <td>
        <time dateTime={report.generatedAt}>{formatDateTime(Date.parse(report.generatedAt), lang, zone)}</time>
      </td>
      <td>
        {pt('reports.range', { from: day(Date.parse(report.fromAt)), to: day(Date.parse(report.toAt) - 1) })}
        <small class="muted block">{pt(report.locale === 'en' ? 'locale.en' : 'locale.zh-CN')}</small>
      </td>
      <td>
        <Downloads report={report} />
      </td>
    </tr>
  );
}

/** `#/reports`. */
export function ReportsPage({ query }: { query: { tenantId?: string } }) {
  const session = useSession();
  const lang = getLang();
  const heading = useFocusOnChange('reports');
  const [generating, setGenerating] = useState(false);
  const list = useResource((signal) => reportApi.reports(query.tenantId, signal).then((page) => page.items), [query.tenantId]);
  useEffect(() => void (document.title = `${pt('reports.title')} · Tideway`), [lang]);
  const reports = list.data;
  const columns = [pt('reports.col.tenant'), pt('reports.col.period'), pt('reports.col.generated'), pt('reports.col.summary'), pt('reports.col.actions')];
  return (
    <section class="reports-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>{pt('reports.title')}</h1>
        {canGenerateReports(session.user.role) && (
          <button type="button" onClick={() => setGenerating(true)}>{pt('reports.generate')}</button>
        )}
      </header>
      <TenantFilter tenantId={query.tenantId} hrefFor={reportsHref} label={pt('reports.filters')} />
      {generating && <GenerateReportDialog defaultTenantId={query.tenantId} onFinished={() => list.reload()} onClose={() => setGenerating(false)} />}
      {list.error !== null && <p role="alert" class="error">{errorText(list.error)}</p>}
      {reports === null && list.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {reports !== null && reports.length === 0 && <p class="empty">{pt('reports.empty')}</p>}
      {reports !== null && reports.length > 0 && (
        <div class="table-scroll">
          <table class="reports striped">
            <caption class="visually-hidden">{pt('reports.caption')}</caption>
            <TableHead columns={columns} />
            <tbody>
              {reports.map((report) => <ReportRow key={report.id} report={report} />)}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
