import { describe, expect, it } from 'vitest';
import { translatorFor } from '@/lib/i18n/translator';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { ECOSYSTEMS } from './catalog';
import { describeService, staleMessageKey } from './describe-services';
import { SERVICE_IDS } from './registry';

const lookup = (locale: 'en' | 'zh' | 'fr', messages: typeof en) => translatorFor(locale, messages).lookup;
const [FIRST = ''] = SERVICE_IDS;
const record = {
  id: FIRST,
  mode: 'enabled' as const,
  state: 'crashed' as const,
  publicUrl: 'http://127.0.0.1:4873',
  storage: 'bucket-a',
  pid: 99,
  startedAt: '2026-12-06T05:00:00.000Z',
  restarts: 3,
  lastRestartAt: '2026-12-06T05:59:00.000Z',
  lastCanary: { at: '2026-12-06T05:00:10.000Z', runId: '0123456789abcdef', ok: false, storedKeys: [] },
};

describe('describeService', () => {
  it('says state, restarts, uptime, canary and how to connect in the reader’s language', () => {
    const now = Date.parse('2026-12-06T06:01:05.000Z');
    const english = describeService(record, lookup('en', en), now);
    expect(english.stateLabel).toBe(en.ServicesPage.states.crashed);
    expect(english.modeLabel).toBe(en.Ecosystems.modes.enabled);
    expect(english.restartsLabel).toBe('3 restarts after crashes, the last at 2026-12-06 05:59:00 UTC');
    expect(english.uptimeSeconds).toBe(3665);
    expect(english.uptimeLabel?.replaceAll('\u00a0', ' ')).toBe('1 hr 1 min, since 2026-12-06 05:00:00 UTC');
    expect(english.canaryLabel).toBe('Failed at 2026-12-06 05:00:10 UTC (run 0123456789abcdef)');
    expect(english.connect.length).toBeGreaterThan(0);
    expect(english.connect.every((step) => step.command.includes('{url}') === false)).toBe(true);
    expect(english.connect.some((step) => step.command.includes('http://127.0.0.1:4873'))).toBe(true);
    const french = describeService({ ...record, restarts: 1 }, lookup('fr', fr as typeof en), now);
    expect(french.restartsLabel).toBe('1 redémarrage après un plantage, le dernier à 2026-12-06 05:59:00 UTC');
    expect(french.stateLabel).toBe(fr.ServicesPage.states.crashed);
  });

  it('has nothing running to describe for a stopped ecosystem', () => {
    const stopped = describeService({ ...record, mode: null, state: 'stopped', pid: null, startedAt: null, restarts: 0, lastRestartAt: null, lastCanary: null }, lookup('zh', zh as typeof en));
    expect(stopped).toMatchObject({ stateLabel: '已停止', modeLabel: null, uptimeSeconds: null, uptimeLabel: null, restartsLabel: null, canaryLabel: zh.ServicesPage.canaryNever });
  });

  it('names the stale reason, and every ecosystem has connect steps whose texts exist in every language', () => {
    expect(staleMessageKey('console')).toBeNull();
    expect(staleMessageKey('consoleGone')).toBe('ServicesPage.staleConsoleGone');
    expect(ECOSYSTEMS.map((entry) => entry.id).sort()).toEqual([...SERVICE_IDS].sort());
    for (const messages of [en, zh, fr] as (typeof en)[]) {
      const t = lookup('en', messages);
      for (const id of SERVICE_IDS) {
        const texts = describeService({ ...record, id }, t).connect.map((step) => step.text);
        expect(texts.length).toBeGreaterThan(0);
        expect(texts.every((text) => !text.startsWith('Services.'))).toBe(true);
      }
    }
  });
});
