/**
 * `#/reports/ID`: the report's own HTML page inside the dashboard, in a sandboxed frame (it
 * runs no script), with its downloads and its sign-off above it.
 */
import { useEffect } from 'preact/hooks';
import { SignOffPanel } from '../components/sign-off-panel.tsx';
import { errorText } from '../errors.ts';
import { useFocusOnChange, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { pt } from '../i18n/report-text.ts';
import { downloadUrl, reportApi } from '../report-api.ts';
import { reportsHref } from '../report-routes.ts';

export function ReportViewPage({ reportId }: { reportId: string }) {
  const lang = getLang();
  const heading = useFocusOnChange(reportId);
  const page = useResource((signal) => reportApi.html(reportId, signal), [reportId]);
  const summary = useResource((signal) => reportApi.report(reportId, signal), [reportId]);
  useEffect(() => void (document.title = `${pt('reports.title')} · Tideway`), [lang]);
  return (
    <section class="report-view">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>{pt('reports.title')}</h1>
        <p>
          <a href={reportsHref()}>{pt('reports.back')}</a> · <a href={downloadUrl(reportId, { format: 'html' })} download>{pt('reports.html')}</a> ·{' '}
          <a href={downloadUrl(reportId, { format: 'json' })} download>{pt('reports.json')}</a>
        </p>
      </header>
      {summary.data && <SignOffPanel report={summary.data} onChanged={(report) => summary.setData(() => report)} />}
      {page.error !== null && <p role="alert" class="error">{errorText(page.error)}</p>}
      {page.data === null && page.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {page.data !== null && <iframe class="report-frame" title={pt('reports.title')} sandbox="" srcdoc={page.data} />}
    </section>
  );
}
