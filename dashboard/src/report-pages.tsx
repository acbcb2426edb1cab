/** The report pages behind one switch; the app loads this module as its own chunk when one is first shown. */
import { ReportViewPage } from './pages/report.tsx';
import { ReportsPage } from './pages/reports.tsx';
import type { ReportRoute } from './report-routes.ts';

/** The report list or one report, by route. */
export function ReportPage({ route }: { route: ReportRoute }) {
  return route.page === 'reports' ? <ReportsPage query={route.query} /> : <ReportViewPage key={route.reportId} reportId={route.reportId} />;
}
