import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from './routing';
import { lintMessages, unusedMessageKeys, type MessageTree } from './message-lint';

const load = (locale: string) => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as MessageTree;

describe('messages/*.json', () => {
  it('have the same keys in every locale and no English left in zh or fr', () => {
    const files = Object.fromEntries(LOCALES.map((locale) => [locale, load(locale)]));
    expect(lintMessages(files)).toEqual([]);
  });
});

describe('lintMessages', () => {
  const en = { A: { save: 'Save settings', url: 'AWS Service URL', product: 'GitHub Packages' } };

  it('reports missing and extra keys', () => {
    const zh = { A: { save: '保存设置', url: 'AWS 服务 URL', extra: '多余' } };
    expect(lintMessages({ en, zh })).toEqual([
      { locale: 'zh', key: 'A.product', problem: 'missing' },
      { locale: 'zh', key: 'A.extra', problem: 'extra' },
    ]);
  });

  it('reports English left in Chinese but accepts product names and placeholders', () => {
    const zh = { A: { save: 'Save settings', url: 'AWS 服务 URL', product: 'GitHub Packages' } };
    expect(lintMessages({ en, zh })).toEqual([{ locale: 'zh', key: 'A.save', problem: 'english' }]);
    expect(lintMessages({ en, zh: { A: { save: '保存 {name}：s3:PutObject', url: 'AWS 服务 URL', product: 'GitHub Packages' } } })).toEqual([]);
    const names = { A: { save: '恢复 CONSOLE_ENCRYPTION_KEY 或 encryption.key', url: 'AWS 服务 URL', product: 'GitHub Packages' } };
    expect(lintMessages({ en, zh: names })).toEqual([]);
    const words = { A: { save: '恢复 the encryption key', url: 'AWS 服务 URL', product: 'GitHub Packages' } };
    expect(lintMessages({ en, zh: words })).toEqual([{ locale: 'zh', key: 'A.save', problem: 'english' }]);
  });

  it('reports English left in French, copied or mixed in', () => {
    const fr = { A: { save: 'Save settings', url: 'Enter the URL du service AWS', product: 'GitHub Packages' } };
    expect(lintMessages({ en, fr }).map((p) => p.key)).toEqual(['A.save', 'A.url']);
    const good = { A: { save: 'Enregistrer les paramètres', url: 'URL du service AWS', product: 'GitHub Packages' } };
    expect(lintMessages({ en, fr: good })).toEqual([]);
  });
});

describe('unusedMessageKeys', () => {
  const tree = { Form: { saved: 'Saved', savedDisabled: 'Disabled and saved', states: { running: 'Running' } } };

  it('reports a key whose name appears nowhere in the code', () => {
    expect(unusedMessageKeys(tree, "t('saved'); const state = 'running';")).toEqual(['Form.savedDisabled']);
  });

  it('counts a name used as a dynamic key part or a code, but not as part of a longer word', () => {
    expect(unusedMessageKeys(tree, 't(`states.${state}`); code: "savedDisabled"; t("saved")')).toEqual(['Form.states.running']);
    expect(unusedMessageKeys(tree, 'runningTotal savedDisabledX saved')).toEqual(['Form.savedDisabled', 'Form.states.running']);
  });
});
