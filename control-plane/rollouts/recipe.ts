/**
 * The rollout recipe: which steps every host's plan runs, and the default rollout options.
 * Read from `rollouts.yaml` (`tideway serve --rollouts FILE`, default `<data>/rollouts.yaml`
 * when it exists), checked once at start-up; without a file the built-in recipe applies.
 * Commands name entries of the agent's own allow-list: the recipe cannot add executables.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { PLAN_PHASES, type PlanStep } from '../../protocol/index.ts';
import { schemaIssues } from '../../schedules/schema-check.ts';
import type { ReleaseArtifact } from '../scheduling/model.ts';
import { DEFAULT_ROLLOUT_OPTIONS, type RolloutOptions } from './model.ts';

/** A count, or a share of the rollout's hosts such as "10%". */
export const LimitSchema = Type.Union([Type.Integer({ minimum: 0, maximum: 100_000 }), Type.String({ pattern: '^(100|[1-9]?[0-9])%$' })], {
  description: 'must be a whole number of hosts, or a share such as "10%"',
});

/** Rollout options, each optional (defaults fill the rest). */
export const RolloutOptionsSchema = Type.Object(
  {
    canary: Type.Optional(LimitSchema),
    batchSize: Type.Optional(LimitSchema),
    maxConcurrency: Type.Optional(LimitSchema),
    maxErrors: Type.Optional(LimitSchema),
    healthGateSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: 'must be whole seconds from 0 to 86400, e.g. 300' })),
  },
  { additionalProperties: false },
);

/** One recipe step. A `download` step names no command: it becomes one step per release artifact. */
export const RecipeStepSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'must be a short step name, e.g. apply' })),
    phase: Type.Union(PLAN_PHASES.map((p) => Type.Literal(p)), { description: `must be one of ${PLAN_PHASES.join(', ')}` }),
    command: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'must name an agent allow-list entry, e.g. tideway-apply' })),
    args: Type.Optional(Type.Array(Type.String({ maxLength: 512 }), { maxItems: 32, description: 'must be a list of argument strings' })),
    timeoutSeconds: Type.Integer({ minimum: 1, maximum: 21_600, description: 'must be whole seconds from 1 to 21600, e.g. 600' }),
  },
  { additionalProperties: false },
);

/** The whole `rollouts.yaml`. */
export const RolloutsFileSchema = Type.Object(
  {
    steps: Type.Array(RecipeStepSchema, { minItems: 1, maxItems: 32, description: 'must list the plan steps, at least one' }),
    defaults: Type.Optional(RolloutOptionsSchema),
  },
  { additionalProperties: false },
);

/** One step as written in the recipe. */
export type RecipeStep = Static<typeof RecipeStepSchema>;
/** The recipe file as written. */
export type RolloutsFile = Static<typeof RolloutsFileSchema>;

/** A checked recipe: its steps and the options rollouts start from. */
export interface RolloutRecipe {
  steps: RecipeStep[];
  defaults: RolloutOptions;
}

/** The built-in recipe: conventional allow-list names every Tideway agent config ships. */
export const DEFAULT_RECIPE: RolloutRecipe = {
  steps: [
    { name: 'pre-check', phase: 'pre-check', command: 'tideway-precheck', args: ['{releaseVersion}'], timeoutSeconds: 300 },
    { phase: 'download', timeoutSeconds: 1800 },
    { name: 'apply', phase: 'apply', command: 'tideway-apply', args: ['{releaseId}', '{releaseVersion}', '{artifacts}'], timeoutSeconds: 3600 },
    { name: 'post-check', phase: 'post-check', command: 'tideway-postcheck', args: ['{releaseVersion}'], timeoutSeconds: 600 },
    { name: 'rollback', phase: 'rollback', command: 'tideway-rollback', args: ['{releaseVersion}'], timeoutSeconds: 1800 },
  ],
  defaults: DEFAULT_ROLLOUT_OPTIONS,
};

/** A bad recipe file; start-up refuses it with every problem listed. */
export class RolloutsConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`rollouts config ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RolloutsConfigError';
  }
}

/** Checks a parsed recipe file; throws `RolloutsConfigError`. */
export function checkRecipe(raw: unknown, source = 'rollouts config'): RolloutRecipe {
  const issues = schemaIssues(RolloutsFileSchema, raw);
  if (issues.length > 0) throw new RolloutsConfigError(source, issues.map((i) => `${i.path || '(top level)'}: ${i.message}`));
  const file = raw as RolloutsFile;
  const problems: string[] = [];
  file.steps.forEach((step, index) => {
    if (step.phase === 'download' && step.command !== undefined) problems.push(`steps[${index}].command: a download step fetches the release's artifacts; remove command`);
    if (step.phase !== 'download' && step.command === undefined) problems.push(`steps[${index}].command: is required (must name an agent allow-list entry, e.g. tideway-apply)`);
    if (step.phase !== 'download' && step.name === undefined) problems.push(`steps[${index}].name: is required (must be a short step name, e.g. apply)`);
  });
  if (!file.steps.some((s) => s.phase === 'apply')) problems.push('steps: must include an apply step');
  if (problems.length > 0) throw new RolloutsConfigError(source, problems);
  return { steps: file.steps, defaults: { ...DEFAULT_ROLLOUT_OPTIONS, ...file.defaults } as RolloutOptions };
}

/** Reads and checks the recipe file at `path`. */
export function loadRecipe(path: string): RolloutRecipe {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0];
    throw new RolloutsConfigError(path, [`cannot read the file as YAML: ${why}`]);
  }
  return checkRecipe(raw, path);
}

/** What a recipe's arguments may refer to. */
export interface RecipeRelease {
  id: string;
  version: string;
  artifacts: readonly ReleaseArtifact[];
}

const ARTIFACT_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** `{releaseId}` and `{releaseVersion}` are replaced; an argument that is exactly `{artifacts}` becomes one argument per artifact name. */
function expandArgs(args: readonly string[], release: RecipeRelease): string[] {
  return args.flatMap((arg) =>
    arg === '{artifacts}' ? release.artifacts.map((a) => a.name) : [arg.replaceAll('{releaseId}', release.id).replaceAll('{releaseVersion}', release.version)],
  );
}

/**
 * The plan steps of `release` under `recipe`; `problem` says why the release cannot be
 * rolled out this way (an artifact without a URL, too many steps).
 */
export function planSteps(recipe: RolloutRecipe, release: RecipeRelease): { steps: PlanStep[]; problem?: string } {
  const steps: PlanStep[] = [];
  for (const step of recipe.steps) {
    const timeoutMs = step.timeoutSeconds * 1000;
    if (step.phase !== 'download') {
      steps.push({ name: step.name!, phase: step.phase, command: step.command, args: expandArgs(step.args ?? [], release), timeoutMs });
      continue;
    }
    for (const artifact of release.artifacts) {
      if (artifact.url === null) return { steps, problem: `artifact ${artifact.name} has no URL to download from` };
      if (!ARTIFACT_NAME.test(artifact.name)) return { steps, problem: `artifact name ${JSON.stringify(artifact.name)} is not a plain file name (letters, digits, . _ -)` };
      steps.push({ name: `${step.name ?? 'download'}-${artifact.name}`.slice(0, 128), phase: 'download', args: [], timeoutMs, artifact: { name: artifact.name, url: artifact.url, sha256: artifact.sha256.toLowerCase() } });
    }
  }
  if (steps.length > 32) return { steps, problem: `the recipe makes ${steps.length} steps for this release; a plan holds at most 32` };
  return { steps };
}
