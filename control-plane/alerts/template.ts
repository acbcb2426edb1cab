/**
 * Rule text templates: `{{host}}`-style placeholders (spaces inside the braces allowed),
 * parsed once when rules load so evaluation only concatenates.
 */

/** Every placeholder a rule's summary, description or label values may use. */
export const PLACEHOLDERS = ['host', 'tenant', 'value', 'threshold', 'mount', 'check', 'year'] as const;

/** One placeholder name. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Values for the placeholders of one observation; a missing one renders as `-`. */
export type TemplateVars = Partial<Record<Placeholder, string | number | null>>;

/** Literal text, or a placeholder to fill in. */
export type TemplatePart = string | { name: Placeholder };

/** A template as parsed from rule text. */
export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Names inside `{{ }}` that are not placeholders, in order of appearance. */
  unknown: string[];
  /** Placeholders used, in order of appearance. */
  used: Placeholder[];
  /** True when a `{{` is never closed. */
  unclosed: boolean;
}

const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

/** Splits template text into literal parts and placeholders, noting unknown names. */
export function parseTemplate(text: string): ParsedTemplate {
  const parsed: ParsedTemplate = { parts: [], unknown: [], used: [], unclosed: false };
  let rest = text;
  for (let open = rest.indexOf('{{'); open >= 0; open = rest.indexOf('{{')) {
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) {
      parsed.unclosed = true;
      break;
    }
    if (open > 0) parsed.parts.push(rest.slice(0, open));
    const name = rest.slice(open + 2, close).trim();
    if (isPlaceholder(name)) {
      parsed.parts.push({ name });
      parsed.used.push(name);
    } else {
      parsed.unknown.push(name);
    }
    rest = rest.slice(close + 2);
  }
  if (rest) parsed.parts.push(rest);
  return parsed;
}

/** A number with at most two decimals and no trailing zeros (`91.2345` -> `91.23`); text as is. */
export function formatValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** The template's text with each placeholder filled from `vars`. */
export function renderTemplate(parts: readonly TemplatePart[], vars: TemplateVars): string {
  let text = '';
  for (const part of parts) text += typeof part === 'string' ? part : formatValue(vars[part.name]);
  return text;
}
