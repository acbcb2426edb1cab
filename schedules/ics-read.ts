/**
 * A small RFC 5545 reader: unfolds lines, splits content lines into name, parameters and
 * value, and nests components. Enough for importing holiday feeds; values stay raw text.
 */
import { ScheduleError } from './errors.ts';

/** One content line: `NAME;PARAM=VALUE:value`. */
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** A component (`VCALENDAR`, `VEVENT`, ...) with its properties and children. */
export interface IcsComponent {
  name: string;
  properties: IcsProperty[];
  components: IcsComponent[];
}

/** Parses iCalendar text into its top-level components; throws `HOLIDAY_ICS_INVALID` on bad nesting. */
export function readIcs(text: string): IcsComponent[] {
  const roots: IcsComponent[] = [];
  const stack: IcsComponent[] = [];
  unfold(text).forEach((line, index) => {
    const property = parseContentLine(line, index + 1);
    const name = property.value.toUpperCase();
    if (property.name === 'BEGIN') {
      const component: IcsComponent = { name, properties: [], components: [] };
      (stack.at(-1)?.components ?? roots).push(component);
      stack.push(component);
    } else if (property.name === 'END') {
      if (stack.pop()?.name !== name) fail(`line ${index + 1}: END:${name} does not close the open component`);
    } else if (stack.length === 0) {
      fail(`line ${index + 1}: property ${property.name} outside BEGIN:VCALENDAR`);
    } else {
      stack.at(-1)!.properties.push(property);
    }
  });
  if (stack.length > 0) fail(`BEGIN:${stack.at(-1)!.name} is never closed`);
  return roots;
}

/** The first property named `name` of a component. */
export function icsProperty(component: IcsComponent, name: string): IcsProperty | undefined {
  return component.properties.find((property) => property.name === name);
}

/** Reverses RFC 5545 TEXT escaping (`\\n`, `\\,`, `\\;`, `\\\\`). */
export function unescapeIcsText(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

function unfold(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
}

function parseContentLine(line: string, lineNumber: number): IcsProperty {
  const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$/.exec(line);
  if (!match) fail(`line ${lineNumber} is not an iCalendar content line: ${line.slice(0, 60)}`);
  const params: Record<string, string> = {};
  for (const part of match[2].split(';').slice(1)) {
    const [key, ...rest] = part.split('=');
    params[key.toUpperCase()] = rest.join('=').replace(/^"|"$/g, '');
  }
  return { name: match[1].toUpperCase(), params, value: match[3] };
}

function fail(message: string): never {
  throw new ScheduleError('HOLIDAY_ICS_INVALID', `ICS file is invalid: ${message}`);
}
