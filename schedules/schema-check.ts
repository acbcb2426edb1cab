/**
 * Turns TypeBox validation errors into issues that say how to fix the file. A schema's
 * `description` is written as the fix ("must be hh:mm, e.g. 22:00"); unions keyed by `kind`
 * are checked against the variant the value names, so the message is about that variant.
 */
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { ScheduleError, type ScheduleErrorCode, type ScheduleIssue } from './errors.ts';

/** Every problem of `value` against `schema`, with paths like `tracks[2].start`. */
export function schemaIssues(schema: TSchema, value: unknown, basePath = ''): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const path = joinPath(basePath, error.path);
    if (seen.has(path)) continue;
    seen.add(path);
    const variant = kindVariant(error.schema, error.value);
    if (variant === 'unknown-kind') {
      issues.push({ path: joinPath(path, '/kind'), message: `must be one of ${kindsOf(error.schema).join(', ')} (got ${show((error.value as { kind?: unknown }).kind)})` });
    } else if (variant) {
      issues.push(...schemaIssues(variant, error.value, path));
    } else {
      issues.push({ path, message: messageFor(error.schema, error.message, error.value) });
    }
  }
  return issues;
}

function messageFor(schema: TSchema, typeboxMessage: string, value: unknown): string {
  if (typeboxMessage === 'Unexpected property') return 'is not a known field; remove it or check its spelling';
  const fix = typeof schema.description === 'string' ? schema.description : typeboxMessage.toLowerCase();
  if (value === undefined) return `is required (${fix})`;
  return `${fix} (got ${show(value)})`;
}

function kindVariant(schema: TSchema, value: unknown): TSchema | 'unknown-kind' | undefined {
  const variants = schema.anyOf as TSchema[] | undefined;
  if (!Array.isArray(variants) || typeof value !== 'object' || value === null || !('kind' in value)) return undefined;
  const kind = (value as { kind: unknown }).kind;
  return variants.find((variant) => variant.properties?.kind?.const === kind) ?? 'unknown-kind';
}

function kindsOf(schema: TSchema): string[] {
  return (schema.anyOf as TSchema[]).map((variant) => String(variant.properties?.kind?.const));
}

function joinPath(base: string, pointer: string): string {
  const parts = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), base);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Parses YAML text, throwing `code` with the parser's first line when the text is not YAML. */
export function parseYamlDocument(text: string, code: ScheduleErrorCode, what: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const message = `is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    throw new ScheduleError(code, `${what} ${message}`, {}, [{ path: '', message }]);
  }
}
