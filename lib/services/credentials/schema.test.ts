import { describe, expect, it } from 'vitest';
import { decodeProblem, problemKey } from '@/lib/settings/problem-message';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import { credentialFormSchema, credentialNameProblem, RESERVED_PREFIX } from './schema';

// The add-credential form's one schema (browser resolver and server): each refusal a
// ServiceCredentials.errors code with its arguments, tied to the name field, and a message in every language.

function problemOf(value: unknown) {
  const parsed = credentialFormSchema.safeParse(value);
  expect(parsed.success).toBe(false);
  const issue = parsed.error!.issues[0]!;
  return { path: issue.path, ...decodeProblem(issue.message) };
}

describe('credential form schema', () => {
  it('accepts the names the store accepts, unchanged', () => {
    for (const name of ['ci-bot', 'a', 'release.2026_q4', '0', 'x'.repeat(64)]) {
      expect(credentialFormSchema.safeParse({ name })).toEqual({ success: true, data: { name } });
      expect(credentialNameProblem(name)).toBeNull();
    }
  });

  it('refuses an empty or missing name as required, on the name field', () => {
    expect(problemOf({ name: '' })).toMatchObject({ path: ['name'], namespace: 'ServiceCredentials.errors', code: 'nameRequired' });
    expect(problemOf({})).toMatchObject({ path: ['name'], code: 'nameRequired' });
    expect(problemOf({ name: 42 })).toMatchObject({ path: ['name'], code: 'nameRequired' });
  });

  it('refuses a name outside a-z 0-9 . _ - or longer than 64, quoting (at most 80 characters of) it', () => {
    for (const name of ['CI-Bot', 'ci bot', 'ci/bot', 'bot\n', 'é', 'x'.repeat(65), ' ci-bot']) {
      expect(problemOf({ name })).toEqual({ path: ['name'], namespace: 'ServiceCredentials.errors', code: 'nameInvalid', params: { name: name.slice(0, 80) } });
    }
    expect(problemOf({ name: 'y'.repeat(500) }).params).toEqual({ name: 'y'.repeat(80) });
  });

  it('refuses the console’s own prefix', () => {
    expect(problemOf({ name: `${RESERVED_PREFIX}-canary` })).toEqual({
      path: ['name'],
      namespace: 'ServiceCredentials.errors',
      code: 'nameReserved',
      params: { name: `${RESERVED_PREFIX}-canary`, prefix: RESERVED_PREFIX },
    });
  });

  it('refuses a body with more than the name, or no object at all, without naming the field', () => {
    expect(problemOf({ name: 'ci-bot', secret: 'chosen' })).toMatchObject({ path: [], code: 'unknownField' });
    expect(problemOf(null)).toMatchObject({ path: [], code: 'malformedRequest' });
    expect(problemOf('ci-bot')).toMatchObject({ path: [], code: 'malformedRequest' });
  });

  it('has a message for every problem in English and French', () => {
    const problems = [problemOf({ name: '' }), problemOf({ name: 'X' }), problemOf({ name: `${RESERVED_PREFIX}1` }), problemOf({ name: 'a', b: 1 }), problemOf(null)];
    for (const messages of [en, fr]) {
      for (const problem of problems) {
        const key = problemKey(problem);
        const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
        expect(typeof text, key).toBe('string');
      }
    }
  });
});
