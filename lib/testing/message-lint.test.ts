import { readFileSync } from 'node:fs';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '@/lib/i18n/routing';
import { frenchSpacingProblems, lintMessages, unusedMessageKeys, type MessageTree } from './message-lint';

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
    const select = { A: { save: '无法写入：{error, select, ENOSPC {磁盘已满} other {{error}}}。', url: 'AWS 服务 URL', product: 'GitHub Packages' } };
    expect(lintMessages({ en, zh: select })).toEqual([]);
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

describe('French spacing', () => {
  const NBSP = '\u00a0';
  const NNBSP = '\u202f';

  it('flags a plain space, a wrong space or no space before : ; ? !', () => {
    expect(frenchSpacingProblems('Non testé : rien.')).toEqual(['a plain space before ":" (use U+00A0)']);
    expect(frenchSpacingProblems(`Déjà enregistrée ; rien à écrire. Vraiment ? Oui !`)).toEqual([
      'a plain space before ";" (use U+202F)',
      'a plain space before "?" (use U+202F)',
      'a plain space before "!" (use U+202F)',
    ]);
    expect(frenchSpacingProblems(`En vigueur${NNBSP}: oui${NBSP}; non`)).toEqual(['U+202F before ":" (use U+00A0)', 'U+00A0 before ";" (use U+202F)']);
    expect(frenchSpacingProblems('{phase}: commencé.')).toEqual(['no space before ":" (use U+00A0)']);
  });

  it('flags guillemets without no-break spaces inside, around a tag or an argument too', () => {
    expect(frenchSpacingProblems('consultez « <link>la documentation</link> » dans AWS.')).toEqual(['"«" not followed by U+00A0', '"»" not preceded by U+00A0']);
    expect(frenchSpacingProblems(`à l’étape «${NBSP}{phase} »`)).toEqual(['"»" not preceded by U+00A0']);
  });

  it('accepts correct French, URLs, s3:Action names, ICU syntax, code and punctuation that opens a group', () => {
    expect(frenchSpacingProblems(`Non testé${NBSP}: sans s3:AbortMultipartUpload, rien${NNBSP}; «${NBSP}<link>Points</link>${NBSP}» ok${NNBSP}?`)).toEqual([]);
    expect(frenchSpacingProblems('Par exemple https://s3.us-west-2.amazonaws.com ou http://127.0.0.1:9000.')).toEqual([]);
    expect(frenchSpacingProblems(`Réessayez dans {minutes, plural, one {# minute} other {# minutes}}. Vérifié en {seconds, number, ::.0}${NBSP}s.`)).toEqual([]);
    expect(frenchSpacingProblems('Lancez `cli config apply --format: json` ou retirez la requête (?…).')).toEqual([]);
  });

  it('checks only French: English and Chinese punctuation is left alone', () => {
    const en = { A: { intro: 'Ensure your key has the following permissions:', help: 'Saved; nothing to write. Really? Yes!' } };
    const zh = { A: { intro: '确保您的密钥具有以下权限：', help: '已保存；无需写入。' } };
    expect(lintMessages({ en, zh })).toEqual([]);
    const fr = { A: { intro: 'Vérifiez les autorisations suivantes :', help: `Enregistrée${NNBSP}; rien à écrire.` } };
    expect(lintMessages({ en, fr })).toEqual([{ locale: 'fr', key: 'A.intro', problem: 'spacing', detail: 'a plain space before ":" (use U+00A0)' }]);
  });
});

describe('message formats', () => {
  const format = (locale: Locale, key: 'StorageCheckPanel.duration' | 'ConfigRun.events.checkPassed' | 'ConfigRunsPage.seconds') =>
    createTranslator({ locale, messages: load(locale) as never })(key as never, { seconds: 1.234, subject: 'b' } as never) as string;

  it('write durations as numbers in the reader\'s locale, to a tenth of a second', () => {
    expect(format('en', 'StorageCheckPanel.duration')).toBe('Checked in 1.2 s.');
    expect(format('fr', 'StorageCheckPanel.duration')).toBe('Vérifié en 1,2\u00a0s.');
    expect(format('zh', 'StorageCheckPanel.duration')).toBe('检查用时 1.2 秒。');
    expect(format('fr', 'ConfigRun.events.checkPassed')).toContain('(1,2\u00a0s)');
    expect(format('fr', 'ConfigRunsPage.seconds')).toBe('1,2\u00a0s');
    expect(format('en', 'ConfigRunsPage.seconds')).toBe('1.2 s');
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
