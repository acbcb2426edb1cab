/** A WHERE clause from optional list filters, for list queries whose filters vary by call. */

/** One condition: its SQL (naming `@param`), the parameter's name, and its value (unset: left out). */
export type Condition = readonly [sql: string, param: string, value: unknown];

/** `WHERE a AND b` of the conditions whose value is set, with their parameters. */
export function whereOf(conditions: readonly Condition[], params: Record<string, unknown> = {}): { where: string; params: Record<string, unknown> } {
  const used = conditions.filter(([, , value]) => value !== undefined && value !== null && value !== '');
  for (const [, name, value] of used) params[name] = value;
  return { where: used.length ? `WHERE ${used.map(([sql]) => sql).join(' AND ')}` : '', params };
}

/** A list filter's states as a JSON array for `json_each`, or unset when none are asked for. */
export const jsonList = (values: readonly string[] | undefined): string | undefined => (values?.length ? JSON.stringify(values) : undefined);
