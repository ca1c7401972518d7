import { expect } from 'vitest';
import { checkJsonSchema } from './json-schema-check';

// Integration-test support: calls the Manage API and holds every answer against the OpenAPI document
// the server itself serves: an undocumented status, or a body that does not match, fails the test.

export interface ManageReply {
  status: number;
  headers: Headers;
  body: unknown;
  json: Record<string, unknown>;
}

type OpenApi = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

/** The document's path for a concrete one: `/a/{id}` matches `/a/7`. */
function documentedPath(document: OpenApi, path: string): OpenApi['paths'][string] | undefined {
  if (document.paths[path]) return document.paths[path];
  const template = Object.keys(document.paths).find((candidate) => new RegExp(`^${candidate.replace(/\{[^/]+\}/g, '[^/]+')}$`).test(path));
  return template ? document.paths[template] : undefined;
}

export function basic(password: string, user = 'api_key'): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function manageClient(base: string, document: OpenApi, password: string) {
  return async function call(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; auth?: string | null } = {}): Promise<ManageReply> {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? basic(password) : options.auth;
    if (auth !== null) headers.authorization = auth;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${base}/manage/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const body: unknown = text === '' ? null : JSON.parse(text);
    const operation = documentedPath(document, path.split('?')[0] ?? '')?.[method.toLowerCase()];
    expect(operation, `${method} ${path} is documented`).toBeDefined();
    const documented = operation?.responses[String(response.status)];
    expect(documented, `${method} ${path} → ${response.status} is documented: ${text}`).toBeDefined();
    const schema = documented?.content?.['application/json']?.schema;
    if (schema) expect(checkJsonSchema(body, schema as Record<string, unknown>, document as unknown as Record<string, unknown>), `${method} ${path} → ${response.status}`).toEqual([]);
    else expect(body, `${method} ${path} → ${response.status} has no body`).toBeNull();
    return { status: response.status, headers: response.headers, body, json: (body ?? {}) as Record<string, unknown> };
  };
}
