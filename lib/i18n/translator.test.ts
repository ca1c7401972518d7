import { describe, expect, it, vi } from 'vitest';
import en from '@/messages/en.json';
import { isMessageKey, translatorFor } from './translator';

describe('isMessageKey', () => {
  it('takes a message, plain or precompiled by the build, and refuses a namespace or a missing key', () => {
    expect(isMessageKey(en, 'ConfigRun.summary.succeeded')).toBe(true);
    // next-intl's precompile turns `Settings version {version}` into an array.
    expect(isMessageKey({ A: { b: ['Settings version ', ['version']] } }, 'A.b')).toBe(true);
    expect(isMessageKey(en, 'ConfigRun.summary')).toBe(false);
    expect(isMessageKey(en, 'ConfigRun.summary.nope')).toBe(false);
    expect(isMessageKey(en, 'ConfigRun.summary.succeeded.more')).toBe(false);
    expect(isMessageKey(en, 'toString')).toBe(false);
  });
});

describe('translatorFor', () => {
  it('translates checked keys, and keys built at run time through its lookup in its own language', () => {
    const t = translatorFor('en', en);
    expect(t('ConfigRun.summary.succeeded', { version: 3 })).toBe(t.lookup('ConfigRun.summary.succeeded', { version: 3 }));
    expect(t.locale).toBe('en');
    expect(t.lookup.locale).toBe('en');
  });

  it('gives the key’s path for a missing message and reports it, as next-intl does', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(translatorFor('en', en).lookup('ConfigRun.nope')).toBe('ConfigRun.nope');
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});
