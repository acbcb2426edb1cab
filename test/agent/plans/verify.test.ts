import { describe, expect, it } from 'vitest';
import type { PlanBody, SignedPlan } from '../../../protocol/index.ts';
import { claimedIds, pinnedPublicKey, verifyPlan, type PlanVerifyContext } from '../../../agent/plans/verify.ts';
import { HOST_ID, NOW, TENANT_ID, keyPair, planBody, signPayload, signPlan } from './fixtures.ts';

const server = keyPair();
const stranger = keyPair();
const commands = { step: { path: '/bin/true' } };

function context(overrides: Partial<PlanVerifyContext> = {}): PlanVerifyContext {
  return {
    publicKey: pinnedPublicKey(server.publicKeyPem), hostId: HOST_ID, tenantId: TENANT_ID, commands,
    highestVersion: 0, alreadyRun: () => false, now: NOW, ...overrides,
  };
}

const signed = (overrides: Partial<PlanBody> = {}) => signPlan(planBody(overrides), server.privateKey);
const stepsWith = (step: Partial<PlanBody['steps'][number]>) => [{ ...planBody().steps[0], ...step }];
const HOUR = 3_600_000;

describe('verifying a signed plan', () => {
  it('accepts a plan for this host, signed with the pinned key, inside its window, newer than any run', () => {
    expect(verifyPlan(signed(), context())).toEqual({ kind: 'accept', plan: planBody() });
  });

  it.each<[string, () => SignedPlan, Partial<PlanVerifyContext>, string]>([
    ['an empty signature', () => ({ ...signed(), signature: '' }), {}, 'PLAN_BAD_SIGNATURE'],
    ['a signature by another key', () => signPlan(planBody(), stranger.privateKey), {}, 'PLAN_BAD_SIGNATURE'],
    ['a payload changed after signing', () => ({ ...signed(), payload: JSON.stringify(planBody({ version: 99 })) }), {}, 'PLAN_BAD_SIGNATURE'],
    ['a signature that is not base64', () => ({ ...signed(), signature: '!!not-base64!!' }), {}, 'PLAN_BAD_SIGNATURE'],
    ['no pinned key at all', () => signed(), { publicKey: pinnedPublicKey('') }, 'PLAN_BAD_SIGNATURE'],
    ['a payload that is not JSON', () => signPayload('{"planId": ', server.privateKey), {}, 'PLAN_MALFORMED'],
    ['an unknown field', () => signPayload(JSON.stringify({ ...planBody(), shell: 'rm -rf /' }), server.privateKey), {}, 'PLAN_MALFORMED'],
    ['a missing field', () => signPayload(JSON.stringify({ ...planBody(), expiresAt: undefined }), server.privateKey), {}, 'PLAN_MALFORMED'],
    ['a window that ends before it starts', () => signed({ windowStartAt: NOW + HOUR, windowEndAt: NOW - HOUR }), {}, 'PLAN_MALFORMED'],
    ['a download step without an artifact', () => signed({ steps: stepsWith({ phase: 'download', command: undefined }) }), {}, 'PLAN_MALFORMED'],
    ['another host', () => signed({ hostId: 'host-other-0001' }), {}, 'PLAN_WRONG_HOST'],
    ['another tenant', () => signed({ tenantId: 'tenant-other' }), {}, 'PLAN_WRONG_HOST'],
    ['a window that has not opened', () => signed({ windowStartAt: NOW + 1 }), {}, 'PLAN_OUTSIDE_WINDOW'],
    ['a window that has closed', () => signed({ windowStartAt: NOW - 2 * HOUR, windowEndAt: NOW - 1, notAfter: NOW - 1 }), {}, 'PLAN_OUTSIDE_WINDOW'],
    ['a cutoff that has passed inside the window', () => signed({ notAfter: NOW - 1 }), {}, 'PLAN_OUTSIDE_WINDOW'],
    ['an expiry that has passed', () => signed({ expiresAt: NOW - 1 }), {}, 'PLAN_EXPIRED'],
    ['the version already run', () => signed({ version: 7 }), { highestVersion: 7 }, 'PLAN_STALE_VERSION'],
    ['an older version', () => signed({ version: 3 }), { highestVersion: 7 }, 'PLAN_STALE_VERSION'],
    ['a command missing from the allow-list', () => signed({ steps: stepsWith({ command: 'rm' }) }), {}, 'STEP_NOT_ALLOWED'],
    ['an inherited property name as command', () => signed({ steps: stepsWith({ command: 'constructor' }) }), {}, 'STEP_NOT_ALLOWED'],
    ['an apply step with no command', () => signed({ steps: stepsWith({ phase: 'apply', command: undefined }) }), {}, 'STEP_NOT_ALLOWED'],
    ['a download step naming an unknown command', () => signed({ steps: stepsWith({ phase: 'download', command: 'curl', artifact: { name: 'a.tgz', url: 'https://x.test/a', sha256: 'a'.repeat(64) } }) }), {}, 'STEP_NOT_ALLOWED'],
  ])('refuses %s', (_name, make, overrides, code) => {
    const verdict = verifyPlan(make(), context(overrides));
    expect(verdict.kind === 'refuse' && verdict.code).toBe(code);
  });

  it('accepts the window and cutoff boundaries themselves', () => {
    expect(verifyPlan(signed({ windowStartAt: NOW }), context()).kind).toBe('accept');
    expect(verifyPlan(signed({ windowEndAt: NOW, notAfter: NOW, expiresAt: NOW }), context()).kind).toBe('accept');
  });

  it('accepts a download step with an artifact and no command', () => {
    const steps = stepsWith({ phase: 'download', command: undefined, args: [], artifact: { name: 'a.tgz', url: 'https://x.test/a', sha256: 'a'.repeat(64) } });
    expect(verifyPlan(signed({ steps }), context()).kind).toBe('accept');
  });

  it('treats a plan id already run as a redelivery, even after its window closed', () => {
    const verdict = verifyPlan(signed({ version: 2 }), context({ now: NOW + 10 * HOUR, highestVersion: 2, alreadyRun: (id) => id === 'plan-0000000001' }));
    expect(verdict.kind).toBe('redelivered');
  });

  it('never treats a badly signed plan as a redelivery', () => {
    const verdict = verifyPlan(signPlan(planBody(), stranger.privateKey), context({ alreadyRun: () => true }));
    expect(verdict.kind === 'refuse' && verdict.code).toBe('PLAN_BAD_SIGNATURE');
  });

  it('reports a refusal under the ids the payload claims, and none when it claims none', () => {
    const verdict = verifyPlan(signPlan(planBody({ version: 4 }), stranger.privateKey), context());
    expect(verdict.kind === 'refuse' && verdict.ids).toEqual({ planId: 'plan-0000000001', rolloutId: 'rollout-000001', version: 4 });
    expect(claimedIds('not json')).toBeNull();
    expect(claimedIds(JSON.stringify({ planId: 'bad id!', rolloutId: 'rollout-000001' }))).toBeNull();
    expect(claimedIds(JSON.stringify({ planId: 'plan-0000000009', rolloutId: 'rollout-000001', version: -3 }))).toEqual({ planId: 'plan-0000000009', rolloutId: 'rollout-000001', version: 0 });
  });

  it('pins only an Ed25519 public key', () => {
    expect(pinnedPublicKey(server.publicKeyPem)).not.toBeNull();
    expect(pinnedPublicKey('-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----\n')).toBeNull();
  });
});
