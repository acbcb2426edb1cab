import { describe, expect, it } from 'vitest';
import { checkNotificationsConfig } from '../../../control-plane/notify/config.ts';
import { groupKeyOf, groupLabelsOf, routesFor } from '../../../control-plane/notify/route.ts';

const receivers = ['default', 'critical-am', 'tenant-x', 'warn-chat', 'disk-chat', 'all-labels'].map((name) => ({ name, kind: 'webhook', url: `https://hooks.example.com/${name}` }));

const config = checkNotificationsConfig({
  receivers,
  route: {
    receiver: 'default',
    routes: [
      { matchers: ['severity="critical"'], receiver: 'critical-am', group_wait: '0s', continue: true },
      { matchers: ['tenant_id="ten_x"', 'severity=~"critical|warning"'], receiver: 'tenant-x', group_by: ['alertname', 'host'], repeat_interval: '12h' },
      {
        matchers: ['severity=~"critical|warning"'],
        receiver: 'warn-chat',
        group_interval: '10m',
        routes: [{ matchers: ['alertname=~"Disk.*"'], receiver: 'disk-chat' }],
      },
      { matchers: ['team!=""'], receiver: 'all-labels', group_by: ['...'] },
    ],
  },
});

const labels = (extra: Record<string, string>) => ({ alertname: 'CpuHigh', tenant: 'Acme', tenant_id: 'ten_acme', host: 'erp-app-01', ...extra });

describe('route matching', () => {
  it.each([
    ['an info alert of no special tenant goes to the root receiver', labels({ severity: 'info' }), ['default']],
    ['a warning goes to the first matching child only', labels({ severity: 'warning' }), ['warn-chat']],
    ['a critical alert continues past a child marked continue', labels({ severity: 'critical' }), ['critical-am', 'warn-chat']],
    ['a tenant route takes its tenant before the general one', labels({ severity: 'warning', tenant_id: 'ten_x' }), ['tenant-x']],
    ['a critical alert of that tenant goes to both the continuing route and the tenant route', labels({ severity: 'critical', tenant_id: 'ten_x' }), ['critical-am', 'tenant-x']],
    ['a nested route wins over its parent when it matches', labels({ severity: 'warning', alertname: 'DiskFull' }), ['disk-chat']],
    ['a regex matcher is anchored, so a partial match does not count', labels({ severity: 'warning-ish' }), ['default']],
    ['a != "" matcher takes alerts that have the label', labels({ severity: 'info', team: 'db' }), ['all-labels']],
  ])('%s', (_name, alertLabels, expected) => {
    expect(routesFor(config.route, alertLabels).map((match) => match.receiver)).toEqual(expected);
  });

  it('gives each match its inherited and overridden group_by and timings', () => {
    const [critical, warn] = routesFor(config.route, labels({ severity: 'critical', alertname: 'DiskFull' }));
    expect(critical).toEqual({
      routeId: '{}/0{severity="critical"}',
      receiver: 'critical-am',
      groupBy: ['alertname', 'tenant'],
      timings: { groupWaitMs: 0, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 },
    });
    expect(warn).toEqual({
      routeId: '{}/2{severity=~"critical|warning"}/0{alertname=~"Disk.*"}',
      receiver: 'disk-chat',
      groupBy: ['alertname', 'tenant'],
      timings: { groupWaitMs: 30_000, groupIntervalMs: 600_000, repeatIntervalMs: 14_400_000 },
    });
  });

  it('groups by the route labels an alert has, in Alertmanager key form', () => {
    const [match] = routesFor(config.route, labels({ severity: 'warning', tenant_id: 'ten_x' }));
    const groupLabels = groupLabelsOf(match, labels({ severity: 'warning', tenant_id: 'ten_x' }));
    expect(groupLabels).toEqual({ alertname: 'CpuHigh', host: 'erp-app-01' });
    expect(groupKeyOf(match.routeId, groupLabels)).toBe('{}/1{tenant_id="ten_x",severity=~"critical|warning"}:{alertname="CpuHigh", host="erp-app-01"}');
  });

  it("groups by every label with group_by ['...']", () => {
    const alertLabels = labels({ severity: 'info', team: 'db' });
    const [match] = routesFor(config.route, alertLabels);
    expect(match.groupBy).toBe('all');
    expect(Object.keys(groupLabelsOf(match, alertLabels))).toEqual(['alertname', 'host', 'severity', 'team', 'tenant', 'tenant_id']);
  });
});
