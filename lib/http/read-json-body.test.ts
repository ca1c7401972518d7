import { describe, expect, it } from 'vitest';
import { readJsonBody } from './read-json-body';

const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new Request('http://127.0.0.1/api', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('readJsonBody', () => {
  it('parses a JSON body', async () => {
    expect(await readJsonBody(post('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });

  it('refuses other media types, malformed JSON and invalid UTF-8', async () => {
    expect(await readJsonBody(post('a=1', { 'content-type': 'application/x-www-form-urlencoded' }))).toEqual({ ok: false, code: 'unsupportedMediaType' });
    expect(await readJsonBody(post('{"a":'))).toEqual({ ok: false, code: 'malformedRequest' });
    expect(await readJsonBody(post(new Uint8Array([0x7b, 0xff, 0x7d])))).toEqual({ ok: false, code: 'malformedRequest' });
  });

  it('stops reading past 64 KB even when no length is declared', async () => {
    const big = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    expect(await readJsonBody(post(big))).toEqual({ ok: false, code: 'payloadTooLarge' });
    expect(await readJsonBody(post(`"${'x'.repeat(64 * 1024)}"`))).toEqual({ ok: false, code: 'payloadTooLarge' });
  });
});
