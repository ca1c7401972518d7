// The Manage API names a few settings inside an object (`ecosystems.<id>` is `{"ecosystems": {"<id>": …}}`,
// as GitHub Enterprise's own API groups them): a dot in a field's API name is one level of nesting.

type Nested<T> = Record<string, T | Record<string, T>>;

/** `{ 'a.b': 1, c: 2 }` → `{ a: { b: 1 }, c: 2 }`. */
export function nestDottedNames<T>(flat: Readonly<Record<string, T>>): Nested<T> {
  const nested: Nested<T> = {};
  for (const [name, value] of Object.entries(flat)) {
    const dot = name.indexOf('.');
    if (dot < 0) {
      nested[name] = value;
      continue;
    }
    const group = name.slice(0, dot);
    const inner = nested[group];
    nested[group] = { ...(typeof inner === 'object' && inner !== null ? (inner as Record<string, T>) : {}), [name.slice(dot + 1)]: value };
  }
  return nested;
}

/** The groups that exist among these API names (`ecosystems`). */
export function nestedGroups(names: readonly string[]): Set<string> {
  return new Set(names.filter((name) => name.includes('.')).map((name) => name.slice(0, name.indexOf('.'))));
}

/**
 * A request's `packages` with its groups opened (`{ ecosystems: { <id>: 'enabled' } }` → `{ 'ecosystems.<id>': 'enabled' }`).
 * A group that is not an object is kept as it is, for the caller to refuse by its name.
 */
export function flattenGroups(body: Readonly<Record<string, unknown>>, groups: ReadonlySet<string>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (groups.has(name) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) flat[`${name}.${inner}`] = innerValue;
    } else flat[name] = value;
  }
  return flat;
}
