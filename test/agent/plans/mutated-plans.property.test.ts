/**
 * 10,000 mutated plans run zero commands. Each case mutates a valid plan so that it must be
 * refused (fields, version, window, host, steps, payload text) and signs it with the right
 * key, or breaks the signature (wrong key, flipped bits, edited payload, none) of a mutated
 * or untouched plan. Every case goes through the real runner with an exec spy around the
 * real allow-list; the allow-listed command would create a marker file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_REFUSALS, type NewReportRecord, type SignedPlan } from '../../../protocol/index.ts';
import { silentLogger } from '../../../agent/log.ts';
import { PlanLedger } from '../../../agent/plans/ledger.ts';
import { PlanRunner } from '../../../agent/plans/runner.ts';
import { allowListExec, type ExecLayer } from '../../../agent/plans/steps.ts';
import type { Downloader } from '../../../agent/plans/download.ts';
import { tempDir } from '../helpers.ts';
import { HOST_ID, NOW, TENANT_ID, check, keyPair, manualClock, planBody, scriptedHealth, signPayload } from './fixtures.ts';

const server = keyPair();
const stranger = keyPair();
const HIGHEST = 5;
const RUN_BEFORE = 'plan-already-run-01';
type Body = Record<string, unknown> & { steps: Record<string, unknown>[] };

function setup() {
  const dir = tempDir();
  const marker = join(dir, 'marker');
  const script = join(dir, 'touch-marker.sh');
  writeFileSync(script, `#!/bin/sh\n: > "${marker}"\n`, { mode: 0o755 });
  const commands = { marker: { path: script } };
  const stateDir = join(dir, 'state');
  const ledger = PlanLedger.open(stateDir);
  ledger.accept(planBody({ planId: RUN_BEFORE, version: HIGHEST }), NOW - 86_400_000);
  ledger.update(RUN_BEFORE, { state: 'succeeded' });
  const spy = { execs: 0, downloads: 0 };
  const real = allowListExec(commands);
  const exec: ExecLayer = (name, options) => {
    spy.execs += 1;
    return real(name, options);
  };
  const download: Downloader = async () => {
    spy.downloads += 1;
  };
  const records: NewReportRecord[] = [];
  const clock = manualClock();
  const runner = PlanRunner.open({
    stateDir, hostId: HOST_ID, tenantId: TENANT_ID, serverPublicKey: server.publicKeyPem, commands, append: (r) => records.push(r),
    health: scriptedHealth(clock, [[check('erp', 'ok')]]), log: silentLogger, clock, exec, download,
  });
  return { marker, runner, spy, records };
}

function validBody(): Body {
  return planBody({
    version: HIGHEST + 1,
    steps: [
      { name: 'probe', phase: 'pre-check', command: 'marker', args: [], timeoutMs: 5000 },
      { name: 'fetch', phase: 'download', args: [], timeoutMs: 5000, artifact: { name: 'a.bin', url: 'http://127.0.0.1:9/a.bin', sha256: 'a'.repeat(64) } },
      { name: 'install', phase: 'apply', command: 'marker', args: ['x'], timeoutMs: 5000 },
      { name: 'undo', phase: 'rollback', command: 'marker', args: [], timeoutMs: 5000 },
    ],
  }) as unknown as Body;
}

const commandSteps = [0, 2, 3];
const otherText = (taken: string) => fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== taken);
const past = fc.integer({ min: 1, max: 10 ** 11 }).map((d) => NOW - d);
const future = fc.integer({ min: 1, max: 10 ** 11 }).map((d) => NOW + d);
const VALID: Record<string, unknown> = planBody();
const REQUIRED = Object.keys(VALID);
// After an earlier mutation removed or replaced the steps, a step mutation has nothing to change (the plan is already invalid).
const stepAt = (b: Body, i: number): Record<string, unknown> => {
  const step: unknown = Array.isArray(b.steps) ? b.steps[i] : undefined;
  return step && typeof step === 'object' ? (step as Record<string, unknown>) : {};
};

/** Mutations of the body that each make it invalid on their own. */
const bodyMutation: fc.Arbitrary<(b: Body) => void> = fc.oneof(
  otherText(HOST_ID).map((v) => (b: Body) => void (b.hostId = v)),
  otherText(TENANT_ID).map((v) => (b: Body) => void (b.tenantId = v)),
  fc.integer({ min: -3, max: HIGHEST }).map((v) => (b: Body) => void (b.version = v)),
  future.map((v) => (b: Body) => void (b.windowStartAt = v)),
  past.map((v) => (b: Body) => void (b.windowEndAt = v)),
  past.map((v) => (b: Body) => void (b.notAfter = v)),
  past.map((v) => (b: Body) => void (b.expiresAt = v)),
  fc.constant((b: Body) => void (b.planId = RUN_BEFORE)),
  fc.tuple(fc.constantFrom(...commandSteps), otherText('marker')).map(([i, name]) => (b: Body) => void (stepAt(b, i).command = name)),
  fc.constantFrom(...commandSteps).map((i) => (b: Body) => void delete stepAt(b, i).command),
  fc.constant((b: Body) => void delete stepAt(b, 1).artifact),
  fc.constant((b: Body) => void (b.steps = [])),
  fc.tuple(fc.nat(3), fc.constantFrom('shell', 'install', '')).map(([i, phase]) => (b: Body) => void (stepAt(b, i).phase = phase)),
  fc.tuple(fc.nat(3), fc.integer({ min: -10, max: 999 })).map(([i, t]) => (b: Body) => void (stepAt(b, i).timeoutMs = t)),
  fc.constantFrom(...REQUIRED).map((key) => (b: Body) => void delete b[key]),
  // Typed against the valid body, not the current one: after an earlier mutation deleted the
  // field, a value of the field's own type would make the plan valid again.
  fc.tuple(fc.constantFrom(...REQUIRED), fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.nat()))).map(
    ([key, value]) => (b: Body) => void (typeof VALID[key] === typeof value && !Array.isArray(value) ? (b[key] = [value]) : (b[key] = value)),
  ),
  fc.string({ maxLength: 20 }).map((suffix) => (b: Body) => void (b[`x_${suffix}`] = 1)),
);

/** How the final text is signed; only `right` signs with the pinned key. */
type Signing = { kind: 'right' } | { kind: 'wrong-key' } | { kind: 'flip-signature'; bit: number } | { kind: 'edit-payload'; at: number; char: string } | { kind: 'unsigned' } | { kind: 'junk-signature'; text: string };
const badSigning: fc.Arbitrary<Signing> = fc.oneof(
  fc.constant({ kind: 'wrong-key' as const }),
  fc.nat(511).map((bit) => ({ kind: 'flip-signature' as const, bit })),
  fc.tuple(fc.nat(10_000), fc.string({ minLength: 1, maxLength: 1 })).map(([at, char]) => ({ kind: 'edit-payload' as const, at, char })),
  fc.constant({ kind: 'unsigned' as const }),
  fc.base64String({ minLength: 4, maxLength: 120 }).map((text) => ({ kind: 'junk-signature' as const, text })),
);

/** What reaches the agent: a body changed 1-3 times or a broken text, signed rightly; or anything with a broken signature. */
const mutatedPlan: fc.Arbitrary<{ text: (valid: string) => string; signing: Signing }> = fc.oneof(
  fc.record({ changes: fc.array(bodyMutation, { minLength: 1, maxLength: 3 }) }).map(({ changes }) => ({
    text: () => {
      const body = validBody();
      for (const change of changes) change(body);
      return JSON.stringify(body);
    },
    signing: { kind: 'right' as const },
  })),
  fc.oneof(fc.nat(2000).map((cut) => (valid: string) => valid.slice(0, cut % valid.length)), fc.string().map((junk) => () => junk)).map((text) => ({ text, signing: { kind: 'right' as const } })),
  fc.tuple(fc.array(bodyMutation, { maxLength: 2 }), badSigning).map(([changes, signing]) => ({
    text: () => {
      const body = validBody();
      for (const change of changes) change(body);
      return JSON.stringify(body);
    },
    signing,
  })),
);

function signAs(text: string, signing: Signing): SignedPlan {
  const right = signPayload(text, server.privateKey);
  switch (signing.kind) {
    case 'right':
      return right;
    case 'wrong-key':
      return signPayload(text, stranger.privateKey);
    case 'flip-signature': {
      const bytes = Buffer.from(right.signature, 'base64');
      bytes[signing.bit >> 3] ^= 1 << (signing.bit & 7);
      return { payload: text, signature: bytes.toString('base64') };
    }
    case 'edit-payload': {
      const at = signing.at % Math.max(text.length, 1);
      const edited = `${text.slice(0, at)}${signing.char}${text.slice(at + 1)}`;
      return { payload: edited === text ? `${text} ` : edited, signature: right.signature };
    }
    case 'unsigned':
      return { payload: text, signature: '' };
    case 'junk-signature':
      return { payload: text, signature: signing.text };
  }
}

describe('mutated plans', () => {
  it('the unmutated plan does run the allow-listed command and create the marker (the property can fail)', async () => {
    const { marker, runner, spy } = setup();
    runner.submit(signAs(JSON.stringify(validBody()), { kind: 'right' }));
    await runner.whenIdle();
    expect(spy.execs).toBeGreaterThan(0);
    expect(spy.downloads).toBe(1);
    expect(existsSync(marker)).toBe(true);
  });

  it('10,000 mutated or badly signed plans run zero commands and create no marker', async () => {
    const { marker, runner, spy, records } = setup();
    const valid = JSON.stringify(validBody());
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(mutatedPlan, async ({ text, signing }) => {
        const before = records.length;
        runner.submit(signAs(text(valid), signing));
        await runner.whenIdle();
        cases += 1;
        const states = records.slice(before).map((r) => (r.kind === 'plan-status' ? r.state : r.kind));
        return spy.execs === 0 && spy.downloads === 0 && states.every((state) => state === 'refused' || state === 'succeeded');
      }),
      { numRuns: 10_000 },
    );
    expect(cases).toBe(10_000);
    expect(spy).toEqual({ execs: 0, downloads: 0 });
    expect(existsSync(marker)).toBe(false);
    // The mutations reach every refusal, and redelivery, rather than one early check.
    const outcomes = new Set(records.map((r) => (r.kind === 'plan-status' ? (r.reason ?? r.state) : r.kind)));
    expect([...outcomes].sort()).toEqual([...PLAN_REFUSALS, 'succeeded'].sort());
  }, 120_000);
});
