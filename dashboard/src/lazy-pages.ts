/** The page modules kept out of the first download, each fetched once as its own chunk. */
import { chunk } from './components/lazy-chunk.tsx';

/** Calendar, booking, approvals, releases, settings and audit. */
export const schedulePages = chunk(() => import('./schedule-pages.tsx'));

/** The rollout list, a rollout's page and a host's patch history. */
export const rolloutPages = chunk(() => import('./rollout-pages.tsx'));

/** The report list and one report's page. */
export const reportPages = chunk(() => import('./report-pages.tsx'));

/** The critical-period list and one period's board. */
export const criticalPages = chunk(() => import('./critical-pages.tsx'));
