/**
 * Label matchers in Alertmanager syntax, `{severity="critical",host=~"erp-.*"}` (braces
 * optional), used by silences and notification routes. Regular expressions are anchored at
 * both ends, as in Alertmanager; a label an alert lacks matches as the empty string.
 */
import type { LabelMatcher, Labels } from './model.ts';

/** Stable codes of matcher problems. */
export type MatcherErrorCode = 'MATCHER_SYNTAX' | 'MATCHER_REGEX_INVALID';

/** A matcher string that cannot be used, with where it went wrong. */
export class MatcherError extends Error {
  constructor(
    readonly code: MatcherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MatcherError';
  }
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OPERATOR = /^(=~|!~|!=|=)/;

/** Parses a comma-separated matcher list; throws `MatcherError` naming the faulty part. */
export function parseMatchers(text: string): LabelMatcher[] {
  let rest = text.trim();
  if (rest.startsWith('{')) {
    if (!rest.endsWith('}')) throw new MatcherError('MATCHER_SYNTAX', `'${text}' opens '{' without closing it; write {name="value",...}`);
    rest = rest.slice(1, -1).trim();
  }
  const matchers: LabelMatcher[] = [];
  while (rest) {
    const { matcher, remaining } = parseOne(rest, text);
    matchers.push(checkMatcher(matcher));
    rest = remaining.trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (rest) throw new MatcherError('MATCHER_SYNTAX', `expected ',' before '${rest}' in '${text}'`);
  }
  return matchers;
}

function parseOne(input: string, whole: string): { matcher: LabelMatcher; remaining: string } {
  const name = NAME.exec(input)?.[0];
  if (!name) throw new MatcherError('MATCHER_SYNTAX', `'${input}' in '${whole}' must start with a label name, e.g. severity="critical"`);
  let rest = input.slice(name.length).trimStart();
  const op = OPERATOR.exec(rest)?.[0] as LabelMatcher['op'] | undefined;
  if (!op) throw new MatcherError('MATCHER_SYNTAX', `label '${name}' in '${whole}' must be followed by =, !=, =~ or !~`);
  rest = rest.slice(op.length).trimStart();
  const { value, remaining } = rest.startsWith('"') ? quoted(rest, whole) : unquoted(rest);
  return { matcher: { name, op, value }, remaining };
}

function quoted(input: string, whole: string): { value: string; remaining: string } {
  let value = '';
  for (let i = 1; i < input.length; i += 1) {
    const char = input[i];
    if (char === '"') return { value, remaining: input.slice(i + 1) };
    if (char === '\\' && i + 1 < input.length) {
      i += 1;
      value += input[i] === 'n' ? '\n' : input[i];
    } else {
      value += char;
    }
  }
  throw new MatcherError('MATCHER_SYNTAX', `a value in '${whole}' opens '"' without closing it`);
}

function unquoted(input: string): { value: string; remaining: string } {
  const end = input.search(/[,}]/);
  const raw = end < 0 ? input : input.slice(0, end);
  return { value: raw.trim(), remaining: input.slice(raw.length) };
}

/** Returns the matcher when usable; throws `MATCHER_REGEX_INVALID` for a regex that does not compile. */
export function checkMatcher(matcher: LabelMatcher): LabelMatcher {
  if (matcher.op === '=~' || matcher.op === '!~') anchoredRegex(matcher.value);
  return matcher;
}

const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 1000;

/** `source` compiled to match whole strings only; throws `MATCHER_REGEX_INVALID` when it does not compile. */
export function anchoredRegex(source: string): RegExp {
  const cached = regexCache.get(source);
  if (cached) return cached;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${source})$`, 'u');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MatcherError('MATCHER_REGEX_INVALID', `'${source}' is not a valid regular expression (${reason})`);
  }
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
  regexCache.set(source, regex);
  return regex;
}

/** True when `labels` satisfy one matcher. */
export function matches(labels: Labels, matcher: LabelMatcher): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return anchoredRegex(matcher.value).test(actual);
    case '!~':
      return !anchoredRegex(matcher.value).test(actual);
  }
}

/** True when `labels` satisfy every matcher (an empty list matches everything). */
export function matchesAll(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  return matchers.every((matcher) => matches(labels, matcher));
}

/** The Alertmanager text of a matcher list, `{name="value",...}`; `parseMatchers` reads it back. */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  const quote = (value: string) => `"${value.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')}"`;
  return `{${matchers.map((m) => `${m.name}${m.op}${quote(m.value)}`).join(',')}}`;
}
