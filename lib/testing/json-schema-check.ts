// A small JSON Schema checker for the subset openapi-schemas.ts uses ($ref, type, enum, properties,
// required, additionalProperties, items, oneOf, minimum, pattern, format date-time). Tests use it to
// hold real Manage API responses against the OpenAPI document.

type Schema = { [key: string]: unknown };

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

export function checkJsonSchema(value: unknown, schema: Schema, root: Schema, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Schema)[key], root);
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return checkJsonSchema(value, target as Schema, root, at);
  }
  if (Array.isArray(schema.oneOf)) {
    const passing = schema.oneOf.filter((option) => checkJsonSchema(value, option as Schema, root, at).length === 0);
    return passing.length === 1 ? [] : [`${at}: matches ${passing.length} of oneOf`];
  }
  if (schema.type !== undefined && !matchesType(value, schema.type)) return [`${at}: ${typeOf(value)} is not ${JSON.stringify(schema.type)}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as never)) return [`${at}: ${JSON.stringify(value)} not in enum`];
  const errors: string[] = [];
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
  if (Array.isArray(value) && schema.items) value.forEach((item, index) => errors.push(...checkJsonSchema(item, schema.items as Schema, root, `${at}[${index}]`)));
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) errors.push(`${at}: missing ${key}`);
    for (const [key, item] of Object.entries(object)) {
      if (properties[key]) errors.push(...checkJsonSchema(item, properties[key], root, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected ${key}`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        errors.push(...checkJsonSchema(item, schema.additionalProperties as Schema, root, `${at}.${key}`));
      }
    }
  }
  return errors;
}
