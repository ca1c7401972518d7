import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { CHECKS_IN_TOTAL, CHECKS_PER_CLIENT, checksBusyIssue, withCheckSlot } from './check-slots';
import { createInFlightLimit } from './in-flight-limit';

const never = () => new Promise<never>(() => undefined);
const translators = [['en', en], ['fr', fr], ['zh', zh]] as const;

describe('withCheckSlot', () => {
  it('says the caller’s own checks are the limit when that session holds its two', async () => {
    const slots = createInFlightLimit({ perClient: CHECKS_PER_CLIENT, total: CHECKS_IN_TOTAL });
    for (let index = 0; index < CHECKS_PER_CLIENT; index += 1) void withCheckSlot('session:a', 10_000, never, slots);
    const refused = await withCheckSlot('session:a', 10_000, async () => 'ran', slots);
    expect(refused).toEqual({ ok: false, limit: 'client', max: CHECKS_PER_CLIENT, retryAfterSeconds: 11 });
  });

  it('says the whole console is busy when the global cap of 8 is reached by other sessions', async () => {
    const slots = createInFlightLimit({ perClient: CHECKS_PER_CLIENT, total: CHECKS_IN_TOTAL });
    for (let index = 0; index < CHECKS_IN_TOTAL; index += 1) void withCheckSlot(`session:${index % 4}`, 10_000, never, slots);
    const refused = await withCheckSlot('session:new', 10_000, async () => 'ran', slots);
    expect(refused).toEqual({ ok: false, limit: 'total', max: CHECKS_IN_TOTAL, retryAfterSeconds: 11 });
    expect(slots.inFlight('session:new')).toBe(0);
  });

  it('gives each limit its own code and message, in each language', () => {
    for (const [locale, messages] of translators) {
      const t = createTranslator({ locale, messages });
      const lookup = (key: string, params: Record<string, string>) => t(key as never, params as never);
      const mine = checksBusyIssue({ ok: false, limit: 'client', max: 2, retryAfterSeconds: 31 }, lookup);
      const all = checksBusyIssue({ ok: false, limit: 'total', max: 8, retryAfterSeconds: 31 }, lookup);
      expect(mine.code).toBe('checksBusy');
      expect(all.code).toBe('checksBusyEverywhere');
      expect(all.message).not.toBe(mine.message);
      expect(all.message).toContain('8');
      expect(all.message).toContain('31');
      expect(all.message).not.toMatch(/this session|cette session|此会话/);
      expect(mine.message).toMatch(/this session|cette session|此会话/);
    }
  });
});
