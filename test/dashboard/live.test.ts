import { describe, expect, it } from 'vitest';
import { liveUrl, parseLiveMessage, reconnectDelayMs } from '../../dashboard/src/live.ts';
import { sampleRecord } from '../helpers/records.ts';

describe('reconnectDelayMs', () => {
  it.each([
    [0, 1, 500],
    [0, 0, 250],
    [1, 1, 1000],
    [3, 1, 4000],
    [5, 0.5, 12_000],
    [6, 1, 30_000],
    [50, 1, 30_000],
    [50, 0, 15_000],
  ])('waits at attempt %i with jitter %s for %i ms', (attempt, random, expected) => {
    expect(reconnectDelayMs(attempt, random)).toBe(expected);
  });

  it('never exceeds 30 s and never drops below half the step', () => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const high = reconnectDelayMs(attempt, 1);
      expect(high).toBeLessThanOrEqual(30_000);
      expect(reconnectDelayMs(attempt, 0)).toBe(Math.round(high / 2));
    }
  });
});

describe('parseLiveMessage', () => {
  const summary = { id: 'hst_1', name: 'erp-app-01', tenantId: 'ten_1', status: 'stale' };

  it('accepts host summaries, samples and errors', () => {
    expect(parseLiveMessage(JSON.stringify({ type: 'hosts', items: [summary] }))).toEqual({ type: 'hosts', items: [summary] });
    const sample = sampleRecord(7, 1_700_000_000_000);
    expect(parseLiveMessage(JSON.stringify({ type: 'sample', hostId: 'hst_1', sample }))).toEqual({ type: 'sample', hostId: 'hst_1', sample });
    expect(parseLiveMessage('{"type":"error","code":"NOT_FOUND","message":"host not found"}')).toEqual({ type: 'error', code: 'NOT_FOUND', message: 'host not found' });
  });

  it('accepts alert changes', () => {
    const alert = { fingerprint: 'fp1', ruleId: 'cpu-spike', state: 'firing', severity: 'critical', labels: { alertname: 'cpu-spike' }, annotations: { summary: 'CPU spike' } };
    expect(parseLiveMessage(JSON.stringify({ type: 'alerts', items: [alert] }))).toEqual({ type: 'alerts', items: [alert] });
  });

  it.each([
    ['not json', '{'],
    ['an array', '[]'],
    ['an unknown type', '{"type":"welcome"}'],
    ['hosts without items', '{"type":"hosts"}'],
    ['a malformed host', '{"type":"hosts","items":[{"id":1}]}'],
    ['alerts without items', '{"type":"alerts"}'],
    ['an alert without labels', '{"type":"alerts","items":[{"fingerprint":"f","state":"firing","severity":"critical","annotations":{}}]}'],
    ['an alert without a fingerprint', '{"type":"alerts","items":[{"state":"firing","severity":"critical","labels":{},"annotations":{}}]}'],
    ['a sample without metrics', '{"type":"sample","hostId":"h","sample":{"seq":1,"at":1,"checks":[]}}'],
  ])('ignores %s', (_what, text) => {
    expect(parseLiveMessage(text)).toBeNull();
  });
});

describe('liveUrl', () => {
  it('uses wss under https and ws otherwise, on the page origin', () => {
    expect(liveUrl({ protocol: 'https:', host: 'ops.example.com' })).toBe('wss://ops.example.com/api/v1/live');
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:18081' })).toBe('ws://127.0.0.1:18081/api/v1/live');
  });
});
