/** Reading and writing `#path?key=value` addresses; shared by every route family. */

/** The path (`/` when empty) and parameters of a hash. */
export function splitHash(hash: string): { path: string; params: URLSearchParams } {
  const body = hash.replace(/^#/, '');
  const at = body.indexOf('?');
  const path = (at < 0 ? body : body.slice(0, at)) || '/';
  return { path, params: new URLSearchParams(at < 0 ? '' : body.slice(at + 1)) };
}

/** `#path?params`, or `#path` when no parameter is set; empty values are left out. */
export function withParams(path: string, values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `#${path}?${search}` : `#${path}`;
}

/** A parameter's value when it is one of `allowed`, else `fallback`. */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/** The non-empty parameters named in `names`, under the keys they map to. */
export function optionalParams<K extends string>(params: URLSearchParams, names: Record<K, string>): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const [key, name] of Object.entries(names) as Array<[K, string]>) {
    const value = params.get(name)?.trim();
    if (value) values[key] = value;
  }
  return values;
}
