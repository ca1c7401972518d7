import { describe, expect, it } from 'vitest';
import { loginBodySchema, setupBodySchema } from '@/lib/auth/auth-api';
import { passwordProblem } from '@/lib/auth/password-policy';
import { createPackagesSettingsSchema } from '@/lib/settings/schema';
import { badPayloads, MAX_BODY_BYTES, type BadPayload } from './bad-payloads';
import { FUZZ_ENDPOINTS } from './fuzz-endpoints';

// The fuzz test's premise: every generated body is bad. Checked here against the real schemas, so a
// generator slip (a body that happens to be valid) shows up as a test failure, not as a save.

function parsedJson(payload: BadPayload): { ok: true; value: unknown } | { ok: false } {
  if (payload.contentType !== 'application/json') return { ok: false };
  const bytes = typeof payload.body === 'string' ? Buffer.from(payload.body) : Buffer.from(payload.body);
  if (bytes.length > MAX_BODY_BYTES) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

describe('badPayloads', () => {
  it('is deterministic and varied', () => {
    const [endpoint] = FUZZ_ENDPOINTS;
    const first = badPayloads(endpoint!.base, endpoint!.fields, 1000, 7);
    expect(badPayloads(endpoint!.base, endpoint!.fields, 1000, 7)).toEqual(first);
    expect(new Set(first.map((p) => p.label)).size).toBeGreaterThan(20);
  });

  it.each([
    ['settings', createPackagesSettingsSchema({ storedSecrets: ['secretKey'] }), 0],
    ['settings (check)', createPackagesSettingsSchema({ storedSecrets: ['secretKey'] }), 1],
  ] as const)('never yields a valid %s body', (_name, schema, index) => {
    const endpoint = FUZZ_ENDPOINTS[index]!;
    for (const payload of badPayloads(endpoint.base, endpoint.fields, 1000, index + 1)) {
      const parsed = parsedJson(payload);
      if (!parsed.ok) continue;
      const candidate = index === 1 && parsed.value && typeof parsed.value === 'object' ? { ...parsed.value, enabled: true } : parsed.value;
      expect(schema.safeParse(candidate).success, payload.label).toBe(false);
    }
  });

  it('yields setup bodies that are refused for their shape or their password (the rest meet a set password: 409)', () => {
    const endpoint = FUZZ_ENDPOINTS[3]!;
    let refusedForShapeOrPassword = 0;
    for (const payload of badPayloads(endpoint.base, endpoint.fields, 1000, 4)) {
      const parsed = parsedJson(payload);
      const result = parsed.ok ? setupBodySchema.safeParse(parsed.value) : null;
      if (!result?.success || passwordProblem(result.data.password) || result.data.password !== result.data.confirmPassword) refusedForShapeOrPassword += 1;
    }
    expect(refusedForShapeOrPassword).toBeGreaterThan(800);
  });

  it('only yields login bodies that are invalid or carry a wrong password', () => {
    const endpoint = FUZZ_ENDPOINTS[2]!;
    for (const payload of badPayloads(endpoint.base, endpoint.fields, 1000, 3)) {
      const parsed = parsedJson(payload);
      if (!parsed.ok) continue;
      const result = loginBodySchema.safeParse(parsed.value);
      if (result.success) expect(result.data.password, payload.label).not.toBe('root password for fuzzing');
    }
  });
});
