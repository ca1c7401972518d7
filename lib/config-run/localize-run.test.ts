import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { failureMessage, localizeEvents, localizeRun, type MessageLookup } from './localize-run';
import { RUN_PHASES, type ConfigRunRecord, type RunPhase } from './types';

const MESSAGES = { en, fr, zh };
const lookup = (locale: keyof typeof MESSAGES): MessageLookup => {
  const t = createTranslator({ locale, messages: MESSAGES[locale] });
  return (key, params) => (t as unknown as MessageLookup)(key, params);
};

const at = '2026-01-01T00:00:00.000Z';
const denied = { permission: 's3:GetObject', status: 'fail', code: 'permissionDenied' } as const;

/** A run that failed its storage check: GetObject denied, after an earlier check had passed in 1.234 s. */
function failedRun(): ConfigRunRecord {
  const phases: RunPhase[] = RUN_PHASES.map((name) => ({ name, state: 'pending', startedAt: null, finishedAt: null }));
  phases[0] = { ...phases[0]!, state: 'done', startedAt: at, finishedAt: at };
  phases[1] = {
    ...phases[1]!,
    state: 'failed',
    startedAt: at,
    finishedAt: at,
    failure: {
      code: 'storageCheckFailed',
      params: { bucket: 'packages' },
      check: { ok: false, durationMs: 1234, permissions: [denied], errors: [{ code: 'permissionDenied', field: null, permission: 's3:GetObject' }], warnings: [] },
    },
  };
  return {
    format: 1, id: '0123456789abcdef', source: 'console', actor: 'root', createdAt: at, finishedAt: at, state: 'failed', settingsVersion: null, phases,
    events: [
      { seq: 1, timestamp: at, severity: 'INFO', phase: 'check', code: 'checkPassed', params: { bucket: 'packages', seconds: '1.234' } },
      { seq: 2, timestamp: at, severity: 'INFO', phase: null, code: 'runStarted', params: { source: 'api' } },
    ],
  };
}

describe('localizeEvents', () => {
  it('formats a duration as a number in the reader\'s locale', () => {
    expect(localizeEvents(failedRun(), lookup('en'))[0]?.body).toBe('Every permission the check tries works on bucket packages (1.2 s).');
    expect(localizeEvents(failedRun(), lookup('fr'))[0]?.body).toBe('Toutes les autorisations essayées par la vérification fonctionnent sur le compartiment packages (1,2\u00a0s).');
    expect(localizeEvents(failedRun(), lookup('zh'))[0]?.body).toBe('检查所尝试的各项权限在存储桶 packages 上均可用（1.2 秒）。');
  });

  it('names what the check worked on by its storage type: an Azure container is not a bucket', () => {
    const run = failedRun();
    run.events[0] = { ...run.events[0]!, params: { bucket: 'packages', storageType: 'azure', seconds: '1.234' } };
    run.phases[1] = { ...run.phases[1]!, failure: { code: 'storageCheckFailed', params: { bucket: 'packages', storageType: 'azure' } } };
    expect(localizeEvents(run, lookup('en'))[0]?.body).toBe('Every permission the check tries works on container packages (1.2 s).');
    expect(localizeEvents(run, lookup('fr'))[0]?.body).toContain('sur le conteneur packages (1,2\u00a0s)');
    expect(localizeEvents(run, lookup('zh'))[0]?.body).toContain('容器 packages');
    expect(localizeRun(run, lookup('en')).summary).toContain('The storage check of container packages failed.');
    for (const locale of ['en', 'fr', 'zh'] as const) expect(localizeRun(run, lookup(locale)).summary).not.toMatch(/bucket|compartiment|存储桶/);
  });

  it('reads what the check worked on as runs store it now (`subject`) and as older runs did (`bucket`)', () => {
    const run = failedRun();
    run.events[0] = { ...run.events[0]!, params: { subject: 'builds', storageType: 'azure', seconds: '2' } };
    run.phases[1] = { ...run.phases[1]!, failure: { code: 'storageCheckFailed', params: { subject: 'builds', storageType: 'azure' } } };
    expect(localizeEvents(run, lookup('en'))[0]?.body).toBe('Every permission the check tries works on container builds (2.0 s).');
    expect(localizeRun(run, lookup('fr')).summary).toContain('sur le conteneur builds');
    expect(localizeEvents(failedRun(), lookup('en'))[0]?.body).toContain('on bucket packages');
  });

  it('names where the run came from', () => {
    expect(localizeEvents(failedRun(), lookup('fr'))[1]?.body).toBe('Exécution de la configuration lancée (origine\u00a0: API de gestion).');
    expect(localizeEvents(failedRun(), lookup('zh'))[1]?.body).toBe('配置运行已启动（来源：管理 API）。');
  });
});

describe('localizeRun', () => {
  it('runs Chinese sentences together and keeps the space in English', () => {
    const zhRun = localizeRun(failedRun(), lookup('zh'));
    expect(zhRun.summary).toBe('配置运行在“检查存储”阶段失败：存储桶 packages 的存储检查失败。先前应用的配置仍然有效。');
    expect(zhRun.check?.permissions[0]?.message).toMatch(/^s3:GetObject 被拒绝访问。请在此存储桶上为该访问密钥授予此权限。授予此权限的策略语句：\{"Sid"/);
    const enRun = localizeRun(failedRun(), lookup('en'));
    expect(enRun.summary).toBe('Configuration run failed at “Check storage”: The storage check of bucket packages failed. The previously applied configuration stays in force.');
    expect(enRun.check?.permissions[0]?.message).toMatch(/on this bucket\. Policy statement that grants it: \{"Sid"/);
  });
});

describe('failureMessage for a file that could not be written', () => {
  it('says what the error code means in each language, and shows an unknown code as it is', () => {
    const failure = (error: string) => ({ code: 'fileError', params: { path: '/var/lib/console', error } });
    expect(failureMessage(failure('ENOSPC'), lookup('en'))).toBe('A file in /var/lib/console could not be written: the disk is full.');
    expect(failureMessage(failure('EROFS'), lookup('fr'))).toBe('Impossible d’écrire un fichier dans /var/lib/console\u00a0: le système de fichiers est en lecture seule.');
    expect(failureMessage(failure('EACCES'), lookup('zh'))).toBe('无法写入 /var/lib/console 中的文件：控制台无权写入该位置。');
    expect(failureMessage(failure('EBUSY'), lookup('en'))).toBe('A file in /var/lib/console could not be written: EBUSY.');
  });
});
