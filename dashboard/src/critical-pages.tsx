/** The critical-period pages behind one switch; the app loads this module as its own chunk when one is first shown. */
import type { CriticalRoute } from './critical-routes.ts';
import { CriticalBoardPage } from './pages/critical-board.tsx';
import { CriticalPeriodsPage } from './pages/critical-periods.tsx';

/** The period list or one period's board, by route. */
export function CriticalPage({ route }: { route: CriticalRoute }) {
  return route.page === 'critical-periods' ? <CriticalPeriodsPage query={route.query} /> : <CriticalBoardPage key={route.periodId} periodId={route.periodId} />;
}
