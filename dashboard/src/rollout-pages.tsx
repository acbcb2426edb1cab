/**
 * The rollout pages behind one switch, and a host's patch history; the app loads this module
 * as its own chunk when one of them is first shown.
 */
import { RolloutDetailPage } from './pages/rollout.tsx';
import { RolloutsPage } from './pages/rollouts.tsx';
import type { RolloutRoute } from './rollout-routes.ts';

/** The host page's patch history section. */
export { PatchHistory } from './components/patch-history.tsx';

/** The rollout list or one rollout, by route. */
export function RolloutPage({ route }: { route: RolloutRoute }) {
  return route.page === 'rollouts' ? <RolloutsPage query={route.query} /> : <RolloutDetailPage key={route.query.rolloutId} query={route.query} />;
}
