/**
 * The one contract every check implements. A check file exports a definition made with
 * defineCheck; checks/index.ts lists it. Nothing else needs to change to add a check.
 */
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import type { CheckStatusValue } from '../../protocol/index.ts';
import type { ProcessTable } from '../collectors/processes.ts';
import type { CommandSpec } from '../commands.ts';
import type { SystemdPaths } from './dbus/systemd-bus.ts';

/** What a check may use while it runs. */
export interface CheckContext {
  /** The local command allow-list from the config file. */
  commands: Readonly<Record<string, CommandSpec>>;
  now: () => number;
  /** Where systemd's marker and sockets are (default DEFAULT_SYSTEMD_PATHS); tests point them elsewhere. */
  systemd?: SystemdPaths;
  /** This round's view of /proc, shared by its process checks and the process count; a fresh one when absent. */
  processes?: ProcessTable;
}

/** A check's verdict, before the runner adds its name and kind. */
export interface CheckOutcome {
  status: CheckStatusValue;
  message: string;
  latencyMs?: number;
  tlsDaysLeft?: number;
  httpStatus?: number;
}

/** The fields every check config has. */
export interface CheckBase {
  name: string;
  kind: string;
  timeoutMs?: number;
}

/** One kind of check: its config schema, cross-field rules and how it runs. */
export interface CheckDefinition<S extends TObject = TObject> {
  kind: string;
  schema: S;
  /** Problems that need more than the schema (e.g. a command missing from the allow-list). */
  problems?(check: Static<S>, config: { commands: Readonly<Record<string, CommandSpec>> }): string[];
  run(check: Static<S>, context: CheckContext): Promise<CheckOutcome>;
}

/** Identity helper that keeps a definition's config type precise. */
export function defineCheck<S extends TObject>(definition: CheckDefinition<S>): CheckDefinition<S> {
  return definition;
}

/** Default time a check may take when its config does not say. */
export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

/** A check config schema: the shared fields plus the kind's own, unknown fields refused. */
export function checkSchema<P extends TProperties>(kind: string, properties: P) {
  return Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s]', hint: 'a non-empty name, e.g. erp-health' }),
      kind: Type.Literal(kind),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000, hint: 'milliseconds between 100 and 600000, e.g. 5000' })),
      ...properties,
    },
    { additionalProperties: false },
  );
}

/** Elapsed milliseconds since `started` (a performance.now() value), rounded to 0.1 ms. */
export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
