/**
 * Route matching as in Alertmanager: an alert enters at the root; among a route's children
 * the first that matches takes it, and later siblings are tried only when that child has
 * `continue: true`. A route none of whose children match handles the alert itself.
 */
import type { Labels } from '../alerts/model.ts';
import type { RouteNode, RouteTimings } from './config.ts';
import { matchesAll } from '../alerts/matchers.ts';

/** Where one alert goes: a receiver, how it is grouped and the group's timings. */
export interface RouteMatch {
  routeId: string;
  receiver: string;
  groupBy: readonly string[] | 'all';
  timings: RouteTimings;
}

function visit(route: RouteNode, labels: Labels): RouteMatch[] {
  const found: RouteMatch[] = [];
  for (const child of route.routes) {
    if (!matchesAll(labels, child.matchers)) continue;
    found.push(...visit(child, labels));
    if (!child.continue) break;
  }
  if (found.length > 0) return found;
  return [{ routeId: route.id, receiver: route.receiver, groupBy: route.groupBy, timings: route.timings }];
}

/** Every route that takes an alert with `labels`, in tree order; never empty (the root catches all). */
export function routesFor(root: RouteNode, labels: Labels): RouteMatch[] {
  return visit(root, labels);
}

/** The labels an alert contributes to its group: the `groupBy` labels it has, or all of them. */
export function groupLabelsOf(match: RouteMatch, labels: Labels): Labels {
  if (match.groupBy === 'all') return sortedLabels(labels);
  const out: Record<string, string> = {};
  for (const name of [...match.groupBy].sort()) if (labels[name] !== undefined && labels[name] !== '') out[name] = labels[name];
  return out;
}

/** The group's key, Alertmanager's shape: `{}/0{tenant_id="ten_x"}:{alertname="DiskFull", tenant="Acme"}`. */
export function groupKeyOf(routeId: string, groupLabels: Labels): string {
  const pairs = Object.keys(groupLabels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(groupLabels[name])}`);
  return `${routeId}:{${pairs.join(', ')}}`;
}

/** Labels with their names in order, so JSON of equal label sets is equal. */
export function sortedLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) out[name] = labels[name];
  return out;
}
