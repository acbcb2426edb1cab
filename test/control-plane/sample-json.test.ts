import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { SampleRecordSchema, type SampleRecord } from '../../protocol/index.ts';
import { sampleJson } from '../../control-plane/store/sqlite/ingest.ts';
import { sampleRecord } from '../helpers/records.ts';

const text = (max: number) => fc.string({ unit: 'binary', minLength: 1, maxLength: max });
const amount = fc.double({ min: 0, max: 1e18, noNaN: true });
const percent = fc.double({ min: 0, max: 100, noNaN: true });
const check = fc.record(
  {
    name: text(40),
    kind: text(16),
    status: fc.constantFrom('ok', 'warning', 'critical', 'unknown'),
    message: fc.string({ unit: 'binary', maxLength: 200 }),
    latencyMs: amount,
    tlsDaysLeft: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    httpStatus: fc.integer({ min: 100, max: 599 }),
  },
  { requiredKeys: ['name', 'kind', 'status', 'message'] },
);
const disk = fc.record({
  mount: text(60), fsType: text(10), totalBytes: amount, usedBytes: amount, usedPercent: percent,
  inodesTotal: amount, inodesUsed: amount, inodesUsedPercent: percent,
});

describe('stored sample JSON', () => {
  it('reads back as what JSON.stringify would have stored for any valid sample, whatever its strings and numbers', () => {
    fc.assert(
      fc.property(disk, fc.array(check, { maxLength: 6 }), percent, text(20), (d, checks, cpu, iface) => {
        const base = sampleRecord(7, 1_795_776_510_200, cpu);
        const record: SampleRecord = {
          ...base,
          metrics: { ...base.metrics, disks: [d], network: [{ iface, rxBytesPerSecond: 1.5, txBytesPerSecond: 0 }] },
          checks: checks as SampleRecord['checks'],
        };
        fc.pre(Value.Check(SampleRecordSchema, record));
        expect(JSON.parse(sampleJson(record))).toStrictEqual(JSON.parse(JSON.stringify(record)));
      }),
      { numRuns: 300 },
    );
  });
});
