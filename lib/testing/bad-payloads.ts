// Generated bad request bodies for the fuzz test: each is a valid base with one thing broken, or not
// JSON at all. Deterministic (seeded), so a failure names a payload that can be replayed.

export interface BadPayload {
  label: string;
  contentType: string | null;
  body: string | Uint8Array;
  /** Sent without Content-Length (streamed), so the server has to count the bytes itself. */
  chunked?: boolean;
}

export type Field = { name: string; kind: 'string' | 'boolean' | 'int'; lookalikeInvalid?: boolean; invalidValues?: string[] };

/** mulberry32: small, fast, good enough to vary test data reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONTROL = ['\u0000', '\n', '\r', '\t', '\u0008', '\u001b', '\u007f', '\u0085', '\u009f', '\u2028', '\u2029'];
// Cyrillic and fullwidth letters that look like ASCII, and invisible characters.
const LOOKALIKES = ['а', 'е', 'о', 'р', 'с', 'ѕ', 'ｂ', 'ｕ', '\u200b', '\u200d', '\ufeff', 'ı', 'ℓ'];
const WRONG_FOR_STRING: unknown[] = [0, -1, 1.5, true, false, null, [], {}, ['x'], { value: 'x' }];
const WRONG_FOR_BOOLEAN: unknown[] = ['true', 'false', 1, 0, null, [], {}, 'yes'];
const WRONG_FOR_INT: unknown[] = ['0', '1', 1.5, -1, -0.5, null, true, [], {}, 1e400];
const UNKNOWN_KEYS = ['admin', 'isAdmin', 'role', '__proto__', 'constructor', 'prototype', 'Enabled', 'bucket ', 'secret_key', 'x'];
const NOT_JSON = ["{'enabled': true}", '{"enabled": true,}', '{"a":}', 'NaN', '{enabled: true}', '/* c */ {}', '{"a": 1} {"b": 2}', 'undefined', '[', '"', '\u0000', 'nul', '{"a": "\\x41"}', '{"a": 01}'];
const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', null];

export const MAX_BODY_BYTES = 64 * 1024;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Inside the text, never at an edge: the schema trims surrounding whitespace, which would make the value valid again. */
function insertInside(random: () => number, text: string, insert: string): string {
  const at = 1 + Math.floor(random() * Math.max(1, text.length - 1));
  return `${text.slice(0, at)}${insert}${text.slice(at)}`;
}

const json = (label: string, value: unknown): BadPayload => ({ label, contentType: 'application/json', body: JSON.stringify(value) });

function mutateField(random: () => number, base: Record<string, unknown>, field: Field): BadPayload {
  const value = base[field.name];
  const text = typeof value === 'string' && value !== '' ? value : 'value';
  const strategies: (() => BadPayload)[] = [];
  if (field.kind === 'string') {
    strategies.push(
      () => json(`${field.name}: control character`, { ...base, [field.name]: insertInside(random, text, pick(random, CONTROL)) }),
      () => json(`${field.name}: 10 KB string`, { ...base, [field.name]: 'a'.repeat(10 * 1024) }),
      () => json(`${field.name}: wrong type`, { ...base, [field.name]: pick(random, WRONG_FOR_STRING) }),
    );
    if (field.lookalikeInvalid) strategies.push(() => json(`${field.name}: look-alike`, { ...base, [field.name]: insertInside(random, text, pick(random, LOOKALIKES)) }));
    if (field.invalidValues?.length) strategies.push(() => json(`${field.name}: invalid value`, { ...base, [field.name]: pick(random, field.invalidValues ?? []) }));
  } else {
    const wrong = field.kind === 'boolean' ? WRONG_FOR_BOOLEAN : WRONG_FOR_INT;
    strategies.push(() => {
      const replacement = pick(random, wrong);
      // 1e400 is not JSON: write it into the text, where it parses as Infinity's neighbour (an invalid number).
      if (replacement === 1e400) return { label: `${field.name}: 1e400`, contentType: 'application/json', body: JSON.stringify({ ...base, [field.name]: 0 }).replace(`"${field.name}":0`, `"${field.name}":1e400`) };
      return json(`${field.name}: wrong type`, { ...base, [field.name]: replacement });
    });
  }
  return pick(random, strategies)();
}

function wholeBody(random: () => number, base: Record<string, unknown>): BadPayload {
  const valid = JSON.stringify(base);
  const variants: (() => BadPayload)[] = [
    () => {
      const cut = 1 + Math.floor(random() * (valid.length - 2));
      return { label: 'truncated JSON', contentType: 'application/json', body: valid.slice(0, cut) };
    },
    () => ({ label: 'not JSON', contentType: 'application/json', body: pick(random, NOT_JSON) }),
    () => ({ label: 'empty body', contentType: 'application/json', body: pick(random, ['', ' ', '\n']) }),
    () => json('not an object', pick(random, [[], [base], 'text', 42, null, true])),
    () => json('unknown field', { ...base, [pick(random, UNKNOWN_KEYS)]: pick(random, ['x', 1, true, { admin: true }]) }),
    // Not `enabled`: the storage check overrides it, which would make the duplicate harmless there.
    () => ({ label: 'duplicate key, last one wrong', contentType: 'application/json', body: `${valid.slice(0, -1)},"${pick(random, Object.keys(base).filter((key) => key !== 'enabled'))}":[]}` }),
    () => ({ label: 'invalid UTF-8', contentType: 'application/json', body: Buffer.concat([Buffer.from(valid.slice(0, -2)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]) }),
    () => ({ label: 'wrong content type', contentType: pick(random, WRONG_TYPES), body: valid }),
    () => ({ label: 'over 64 KB', contentType: 'application/json', body: JSON.stringify({ ...base, padding: 'x'.repeat(MAX_BODY_BYTES) }) }),
    () => ({ label: 'over 64 KB, streamed', contentType: 'application/json', body: JSON.stringify({ ...base, padding: 'y'.repeat(MAX_BODY_BYTES) }), chunked: true }),
    () => ({ label: 'deeply nested', contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` }),
  ];
  return pick(random, variants)();
}

/** `count` bad bodies for an endpoint whose valid body is `base`, breaking one field or the whole body at a time. */
export function badPayloads(base: Record<string, unknown>, fields: Field[], count: number, seed: number): BadPayload[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => (random() < 0.6 ? mutateField(random, base, pick(random, fields)) : wholeBody(random, base)));
}
