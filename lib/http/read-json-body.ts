import { readCapped } from './read-capped';

export const MAX_BODY_BYTES = 64 * 1024;

export type JsonBody = { ok: true; value: unknown } | { ok: false; code: 'payloadTooLarge' | 'malformedRequest' | 'unsupportedMediaType' };

/** Reads a JSON request body, refusing more than 64 KB before it is buffered whole. */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<JsonBody> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return { ok: false, code: 'unsupportedMediaType' };
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return { ok: false, code: 'payloadTooLarge' };
  if (!request.body) return { ok: false, code: 'malformedRequest' };
  const { bytes, truncated } = await readCapped(request.body, limit);
  if (truncated) return { ok: false, code: 'payloadTooLarge' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, code: 'malformedRequest' };
  }
}
