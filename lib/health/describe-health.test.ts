import { describe, expect, it } from 'vitest';
import { translatorFor } from '@/lib/i18n/translator';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { describeHealth, serviceProbeJson } from './describe-health';
import type { HealthRecord } from './types';

const lookup = (locale: 'en' | 'zh' | 'fr', messages: typeof en) => translatorFor(locale, messages).lookup;

const record: HealthRecord = {
  checkedAt: '2026-06-01T00:00:00.000Z',
  state: 'degraded',
  cause: { code: 'serviceDown', ecosystem: 'build-cache', error: 'httpStatus', params: { status: '503' } },
  runId: 'run',
  storageType: 's3',
  certificateExpiresAt: null,
  operations: [{ operation: 'list', status: 'pass', latencyMs: 5 }],
  services: [
    { ecosystem: 'npm', up: true, latencyMs: 4, mode: 'read-only', state: 'read-only', restarts: 0 },
    { ecosystem: 'build-cache', up: false, latencyMs: 2, mode: 'enabled', state: 'crashed', restarts: 3, error: 'httpStatus', httpStatus: 503 },
  ],
};

describe('describeHealth with packages services', () => {
  it('names the service down and why in the cause, in each language', () => {
    for (const [locale, messages] of [['en', en], ['zh', zh], ['fr', fr]] as const) {
      const view = describeHealth(record, lookup(locale, messages as typeof en));
      const reason = messages.StorageHealth.serviceErrors.httpStatus.replace('{status}', '503');
      expect(view.cause).toEqual({ code: 'serviceDown', message: messages.StorageHealth.causes.serviceDown.replace('{name}', messages.Ecosystems['build-cache'].name).replace('{reason}', reason) });
      expect(view.services.map((probe) => [probe.name, probe.statusLabel, probe.stateLabel, probe.message])).toEqual([
        [messages.Ecosystems.npm.name, messages.StorageHealth.serviceUp, messages.ServicesPage.states['read-only'], null],
        [messages.Ecosystems['build-cache'].name, messages.StorageHealth.serviceDown, messages.ServicesPage.states.crashed, reason],
      ]);
    }
  });

  it('answers snake_case with null for what a probe that answered lacks; an old record has no services', () => {
    const [up, down] = describeHealth(record, lookup('en', en)).services.map(serviceProbeJson);
    expect(up).toEqual({ ecosystem: 'npm', name: 'npm', up: true, latency_ms: 4, mode: 'read-only', state: 'read-only', restarts: 0, error: null, http_status: null, message: null });
    expect(down).toMatchObject({ up: false, error: 'httpStatus', http_status: 503, restarts: 3 });
    const old: HealthRecord = { ...record, state: 'healthy', cause: { code: 'allPassed' } };
    delete old.services;
    expect(describeHealth(old, lookup('en', en)).services).toEqual([]);
  });
});
