/** Shared fixtures for the plan suites: keys, plan bodies, signing, a hand-moved clock and a scripted health feed. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { ReportRecordSchema, type CheckResult, type NewReportRecord, type PlanBody, type PlanStatusRecord, type SignedPlan } from '../../../protocol/index.ts';
import type { PlanClock } from '../../../agent/plans/clock.ts';
import type { HealthFeed } from '../../../agent/plans/health-gate.ts';

/** A fixed instant inside every fixture plan's window. */
export const NOW = Date.UTC(2026, 5, 13, 14, 30, 0);
export const HOST_ID = 'host-plan-0001';
export const TENANT_ID = 'tenant-plan-01';

/** An Ed25519 key pair with the public half as the PEM an agent pins. */
export function keyPair(): { privateKey: KeyObject; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Signs a payload text as the control plane does. */
export function signPayload(payload: string, privateKey: KeyObject): SignedPlan {
  return { payload, signature: sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64') };
}

/** Signs a plan body. */
export function signPlan(plan: PlanBody, privateKey: KeyObject): SignedPlan {
  return signPayload(JSON.stringify(plan), privateKey);
}

/** A valid plan for HOST_ID whose window holds NOW; `overrides` replace top-level fields. */
export function planBody(overrides: Partial<PlanBody> = {}): PlanBody {
  return {
    planId: 'plan-0000000001',
    rolloutId: 'rollout-000001',
    tenantId: TENANT_ID,
    hostId: HOST_ID,
    releaseId: 'release-1',
    releaseVersion: '1.1.0',
    windowStartAt: NOW - 30 * 60_000,
    windowEndAt: NOW + 5 * 3_600_000,
    notAfter: NOW + 4 * 3_600_000,
    expiresAt: NOW + 6 * 3_600_000,
    version: 1,
    healthGateSeconds: 300,
    steps: [
      { name: 'disk-space', phase: 'pre-check', command: 'step', args: ['ok'], timeoutMs: 10_000 },
      { name: 'install', phase: 'apply', command: 'step', args: ['ok'], timeoutMs: 10_000 },
      { name: 'smoke', phase: 'post-check', command: 'step', args: ['ok'], timeoutMs: 10_000 },
      { name: 'restore', phase: 'rollback', command: 'step', args: ['ok'], timeoutMs: 10_000 },
    ],
    ...overrides,
  };
}

/** A clock that moves only when told to; a wait moves it by the full wait after other work queued. */
export function manualClock(start = NOW): PlanClock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async wait(ms, signal) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!signal?.aborted) now += ms;
    },
  };
}

/** A health feed that answers each subscription with the given rounds, stamped with the clock's now. */
export function scriptedHealth(clock: PlanClock, rounds: CheckResult[][]): HealthFeed & { subscriptions: number } {
  const feed = {
    subscriptions: 0,
    subscribe(listener: (checks: readonly CheckResult[], at: number) => void) {
      feed.subscriptions += 1;
      let active = true;
      queueMicrotask(() => {
        for (const round of rounds) if (active) listener(round, clock.now());
      });
      return () => {
        active = false;
      };
    },
  };
  return feed;
}

/** A check result. */
export function check(name: string, status: CheckResult['status'], message: string = status): CheckResult {
  return { name, kind: 'command', status, message };
}

/**
 * The test step command: logs "phase:step:args" to the log file given as its fixed argument,
 * then acts on the plan's arguments: `fail` exits 3, `write FILE TEXT` writes a file,
 * `has FILE` requires a file in the working directory, `sleep S` sleeps.
 */
export function stepScript(dir: string): string {
  const path = join(dir, 'step.sh');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'log="$1"; shift',
      'echo "$TIDEWAY_PHASE:$TIDEWAY_STEP:$*" >> "$log"',
      'echo "ran $TIDEWAY_STEP for $TIDEWAY_RELEASE_VERSION"',
      'case "$1" in',
      '  fail) echo "step broke" >&2; exit 3 ;;',
      '  write) printf "%s\\n" "$3" > "$2" ;;',
      '  has) test -f "$2" || { echo "missing $2" >&2; exit 4; } ;;',
      '  sleep) exec sleep "$2" ;;',
      'esac',
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return path;
}

/** The plan-status records among `records`, each checked against the wire schema. */
export function statusRecords(records: readonly NewReportRecord[]): PlanStatusRecord[] {
  return records.map((record, index) => {
    const withSeq = { ...record, seq: index + 1 };
    if (!Value.Check(ReportRecordSchema, withSeq)) throw new Error(`record ${index} breaks the wire schema: ${JSON.stringify(record)}`);
    if (withSeq.kind !== 'plan-status') throw new Error(`record ${index} is a ${withSeq.kind}`);
    return withSeq;
  });
}
