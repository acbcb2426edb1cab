/** Moving between hash routes; `replace` keeps filter edits out of the back history. */
export const ROUTE_EVENT = 'tideway:route';

export function navigate(hash: string, options: { replace?: boolean } = {}): void {
  if (location.hash === hash) return;
  if (options.replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new Event(ROUTE_EVENT));
  } else {
    location.hash = hash;
  }
}
