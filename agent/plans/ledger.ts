/**
 * The plan ledger, `<state>/plans/ledger.json`: the highest plan version this host accepted
 * and every recent plan id with the last state reported for it. It is written durably when a
 * plan is accepted, before its first step starts, so a crash or restart never runs it again.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { PLAN_PHASES, type PlanBody } from '../../protocol/index.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';

/** States a plan that was accepted can be in; refusals are not recorded (nothing ran). */
export const LEDGER_STATES = ['accepted', 'running', 'succeeded', 'failed', 'rolled-back'] as const;
/** States after which nothing more happens to a plan. */
export const FINAL_LEDGER_STATES: ReadonlySet<LedgerState> = new Set(['succeeded', 'failed', 'rolled-back']);

/**
 * Entries kept. Dropping older ones is safe: a forgotten plan's version is at most
 * `highestVersion`, so it would be refused as stale rather than run again.
 */
export const LEDGER_MAX_ENTRIES = 500;

const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** One accepted plan as the ledger remembers it. */
export const PlanLedgerEntrySchema = Type.Object(
  {
    rolloutId: Type.String({ minLength: 1 }),
    version: Type.Integer({ minimum: 1 }),
    state: Type.Union(LEDGER_STATES.map((state) => Type.Literal(state))),
    step: Text(128),
    phase: Type.Optional(Type.Union(PLAN_PHASES.map((phase) => Type.Literal(phase)))),
    reason: Text(1024),
    outputTail: Text(4096),
    versionBefore: Text(64),
    versionAfter: Text(64),
    acceptedAt: Type.Integer({ minimum: 0 }),
    finishedAt: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** The ledger file. */
export const PlanLedgerFileSchema = Type.Object(
  {
    highestVersion: Type.Integer({ minimum: 0 }),
    plans: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }), PlanLedgerEntrySchema),
  },
  { additionalProperties: false },
);

/** A state the ledger records. */
export type LedgerState = (typeof LEDGER_STATES)[number];
/** One ledger entry. */
export type PlanLedgerEntry = Static<typeof PlanLedgerEntrySchema>;
type LedgerFile = Static<typeof PlanLedgerFileSchema>;

const ledgerFile = TypeCompiler.Compile(PlanLedgerFileSchema);

/** The state and details last reported for an entry, without the ledger's bookkeeping. */
export function lastReported(entry: PlanLedgerEntry): Omit<PlanLedgerEntry, 'rolloutId' | 'version' | 'acceptedAt' | 'finishedAt'> {
  const { rolloutId: _rollout, version: _version, acceptedAt: _accepted, finishedAt: _finished, ...last } = entry;
  return last;
}

/** Directory of the plan ledger and plan work directories in a state directory. */
export function plansDir(stateDir: string): string {
  return join(stateDir, 'plans');
}

/** The durable record of accepted plans. Not safe for two processes (the state lock prevents that). */
export class PlanLedger {
  private constructor(private readonly path: string, private readonly file: LedgerFile) {}

  /** Opens the ledger; a missing file is an empty ledger, a damaged one throws PLAN_LEDGER_INVALID. */
  static open(stateDir: string): PlanLedger {
    const dir = plansDir(stateDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, 'ledger.json');
    let text: string | null = null;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === null) return new PlanLedger(path, { highestVersion: 0, plans: {} });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // Never reset silently: an empty ledger would let an old plan run again.
    if (!ledgerFile.Check(parsed)) {
      throw Object.assign(new Error(`plan ledger ${path} is damaged; restore it from a backup before starting the agent`), { code: 'PLAN_LEDGER_INVALID' });
    }
    return new PlanLedger(path, parsed);
  }

  /** Highest version ever accepted (0 before the first plan). */
  get highestVersion(): number {
    return this.file.highestVersion;
  }

  /** The entry of `planId`, if this host accepted it. */
  entry(planId: string): PlanLedgerEntry | undefined {
    return Object.hasOwn(this.file.plans, planId) ? this.file.plans[planId] : undefined;
  }

  /** Entries whose plan never reached a final state (the agent stopped or crashed mid-plan). */
  unfinished(): [string, PlanLedgerEntry][] {
    return Object.entries(this.file.plans).filter(([, entry]) => !FINAL_LEDGER_STATES.has(entry.state));
  }

  /** Records `plan` as accepted and raises the highest version, durably, before anything runs. */
  accept(plan: PlanBody, at: number): void {
    this.file.highestVersion = Math.max(this.file.highestVersion, plan.version);
    this.file.plans[plan.planId] = { rolloutId: plan.rolloutId, version: plan.version, state: 'accepted', acceptedAt: at };
    this.save();
  }

  /** Replaces what the ledger knows about an accepted plan's progress. */
  update(planId: string, entry: Omit<PlanLedgerEntry, 'rolloutId' | 'version' | 'acceptedAt'>): void {
    const known = this.entry(planId);
    if (!known) throw Object.assign(new Error(`plan ${planId} is not in the ledger`), { code: 'PLAN_NOT_ACCEPTED' });
    this.file.plans[planId] = { rolloutId: known.rolloutId, version: known.version, acceptedAt: known.acceptedAt, ...entry };
    this.save();
  }

  private save(): void {
    const ids = Object.keys(this.file.plans);
    if (ids.length > LEDGER_MAX_ENTRIES) {
      const oldest = ids.sort((a, b) => this.file.plans[a].acceptedAt - this.file.plans[b].acceptedAt).slice(0, ids.length - LEDGER_MAX_ENTRIES);
      for (const id of oldest) if (FINAL_LEDGER_STATES.has(this.file.plans[id].state)) delete this.file.plans[id];
    }
    writeFileAtomic(this.path, `${JSON.stringify(this.file)}\n`, { durable: true });
  }
}
