import { describe, expect, it } from 'vitest';
import type { ConfigRunRecord } from '@/lib/config-run/types';
import { translatorFor } from '@/lib/i18n/translator';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import { inventoryResponse } from './inventory-response';
import { cancelResponse, resumeResponse } from './run-action-responses';

const lookup = (locale: 'en' | 'fr') => translatorFor(locale, locale === 'en' ? en : fr).lookup;

const inventory = {
  storage: { type: 's3', target: 's3://packages' },
  ecosystems: [
    { id: 'npm', objects: 3, bytes: 2048 },
    { id: 'container-registry', objects: 0, bytes: 0 },
  ],
  total: { objects: 3, bytes: 2048 },
};

function refusedResume(code: string): ConfigRunRecord {
  const now = new Date(0).toISOString();
  return {
    format: 1, id: '0123456789abcdef', source: 'console', actor: 'console', createdAt: now, finishedAt: now, state: 'failed', settingsVersion: null, events: [],
    phases: [{ name: 'validate', state: 'failed', startedAt: now, finishedAt: now, failure: { code, params: { run: 'fedcba9876543210', version: '7' } } }],
  };
}

describe('inventoryResponse', () => {
  it('answers each ecosystem by name with its size, and the total', async () => {
    const response = inventoryResponse({ ok: true, inventory }, lookup('en'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      storage: 's3://packages',
      ecosystems: [
        { id: 'npm', name: en.Ecosystems.npm.name, objects: 3, bytes: 2048, size: '2.0 KiB' },
        { id: 'container-registry', name: en.Ecosystems['container-registry'].name, objects: 0, bytes: 0, size: '0 B' },
      ],
      total: { objects: 3, bytes: 2048, size: '2.0 KiB' },
    });
  });

  it('says why there is no inventory in the reader’s language: 409 with nothing in force, 502 when the listing failed', async () => {
    const none = inventoryResponse({ ok: false, failure: { code: 'notApplied' } }, lookup('fr'));
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({ message: fr.StorageMigration.notApplied, errors: [{ code: 'notApplied' }] });
    const failed = inventoryResponse({ ok: false, failure: { code: 'listFailed', cause: 'denied', status: 403 } }, lookup('en'));
    expect(failed.status).toBe(502);
    const body = (await failed.json()) as { message: string };
    expect(body.message).toContain(en.StorageMigration.causes.denied);
    expect(body.message).toContain('(HTTP status 403)');
  });
});

describe('cancelResponse', () => {
  it('answers 202 once asked, 409 when the run is not running, 404 when there is no such run', async () => {
    const requested = cancelResponse('requested', lookup('en'));
    expect(requested.status).toBe(202);
    expect(await requested.json()).toEqual({ message: en.StorageMove.actions.cancelRequested });
    const finished = cancelResponse('not-running', lookup('fr'));
    expect(finished.status).toBe(409);
    expect(await finished.json()).toMatchObject({ message: fr.StorageMove.actions.notRunning, errors: [{ code: 'runNotRunning' }] });
    const unknown = cancelResponse('not-found', lookup('en'));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errors: [{ code: 'runNotFound' }] });
  });
});

describe('resumeResponse', () => {
  it('answers a resume the state no longer allows as a conflict, with the reason localized', async () => {
    const response = resumeResponse({ kind: 'started', run: refusedResume('migrationResumeSettingsChanged'), finished: Promise.resolve(refusedResume('x')) }, lookup('en'));
    expect(response.status).toBe(409);
    const body = (await response.json()) as { message: string; errors: { code: string }[] };
    expect(body.message).toBe(en.ConfigRun.errors.migrationResumeSettingsChanged.replace('{run}', 'fedcba9876543210').replace('{version}', '7'));
    expect(body.errors).toMatchObject([{ code: 'migrationResumeSettingsChanged' }]);
  });

  it('answers like Save otherwise: 409 with the run in progress', async () => {
    const response = resumeResponse({ kind: 'busy', runId: 'aaaaaaaaaaaaaaaa' }, lookup('en'));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ errors: [{ code: 'runInProgress' }], runId: 'aaaaaaaaaaaaaaaa' });
  });
});
