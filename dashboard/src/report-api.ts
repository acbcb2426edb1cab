/** The report API: the list, generating one (a job to poll), and download addresses. */
import { ApiError, queryString, request } from './api.ts';
import type { PeriodRequest, ReportJob, ReportLocale, ReportSummary, ReportTable } from './report-types.ts';

const enc = encodeURIComponent;

/** What a download asks for: the stored JSON, the HTML page in a language, or one CSV table. */
export type ReportDownload = { format: 'json' } | { format: 'html'; locale?: ReportLocale } | { format: 'csv'; table: ReportTable };

/** The address of a report's download; the session cookie authorises it like any call. */
export function downloadUrl(reportId: string, download: ReportDownload): string {
  const extra = download.format === 'csv' ? { table: download.table } : download.format === 'html' ? { locale: download.locale } : {};
  return `/api/v1/reports/${enc(reportId)}/download${queryString({ format: download.format, ...extra })}`;
}

/** Report calls; each answers as the caller's scope sees it (a tenant: its own reports only). */
export const reportApi = {
  reports: (tenantId: string | undefined, signal?: AbortSignal) => request<{ items: ReportSummary[] }>('GET', `/api/v1/reports${queryString({ tenantId })}`, undefined, { signal }),
  generate: (body: { tenantId: string; period: PeriodRequest; locale: ReportLocale }) => request<ReportJob>('POST', '/api/v1/reports', body),
  job: (jobId: string, signal?: AbortSignal) => request<ReportJob>('GET', `/api/v1/report-jobs/${enc(jobId)}`, undefined, { signal }),
  /** One report with its sign-off (and its content, which the page does not read). */
  report: (reportId: string, signal?: AbortSignal) => request<ReportSummary>('GET', `/api/v1/reports/${enc(reportId)}`, undefined, { signal }),
  /** Starts sign-off on a report (ops writers). */
  issue: (reportId: string) => request<ReportSummary>('POST', `/api/v1/reports/${enc(reportId)}/issue`, {}),
  confirm: (reportId: string) => request<ReportSummary>('POST', `/api/v1/reports/${enc(reportId)}/confirm`, {}),
  amend: (reportId: string, text: string) => request<ReportSummary>('POST', `/api/v1/reports/${enc(reportId)}/amend`, { text }),
  /** The HTML page as text, for showing it inside the dashboard. */
  async html(reportId: string, signal?: AbortSignal): Promise<string> {
    const response = await fetch(downloadUrl(reportId, { format: 'html' }), { credentials: 'same-origin', signal });
    if (!response.ok) throw new ApiError(response.status === 404 ? 'NOT_FOUND' : 'BAD_RESPONSE', response.statusText, response.status);
    return response.text();
  },
};
