import { NextIntlClientProvider } from 'next-intl';
import { createElement, type ComponentProps } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LocalizedMigration } from '@/lib/config-run/localize-migration';
import type { RunState } from '@/lib/config-run/types';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { MigrationDetails } from './MigrationDetails';

const MESSAGES = { en, fr, zh };

const migration: LocalizedMigration = {
  from: 's3://old-bucket',
  to: 's3://new-bucket',
  journalRun: '0123456789abcdef',
  ecosystems: [{ id: 'npm', name: 'npm', objects: 1200, bytes: 5 * 1024 ** 2, size: '5.0 MiB' }],
  total: { objects: 1200, bytes: 5 * 1024 ** 2, size: '5.0 MiB' },
  progress: { phase: 'copy', objectsDone: 300, objectsTotal: 1200, bytesDone: 1536 * 1024, bytesTotal: 5 * 1024 ** 2, bytesPerSecond: 512 * 1024, secondsLeft: 125, percent: 30, rate: '512.0 KiB/s' },
  copied: 300,
  skipped: 2,
  verified: 0,
  failures: [{ key: 'packages-services/npm/a.tgz', code: 'timeout', message: 'the storage did not answer in time.' }],
  failureCount: 4,
};

function render(locale: keyof typeof MESSAGES, state: RunState, value = migration): string {
  // The provider's props require its children, so they go in the props object (createElement's third argument does not count).
  const provider: ComponentProps<typeof NextIntlClientProvider> = { locale, messages: MESSAGES[locale], timeZone: 'UTC', children: createElement(MigrationDetails, { migration: value, state }) };
  const html = renderToStaticMarkup(createElement(NextIntlClientProvider, provider));
  return html.replace(/[\u00a0\u202f]/g, ' ').replace(/&#x27;|&#39;/g, "'");
}

describe('MigrationDetails', () => {
  it('shows a running copy as a progress bar with counts, sizes, rate and time left in the locale', () => {
    const html = render('en', 'running');
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="30"');
    expect(html).toContain('aria-label="Copy progress"');
    expect(html).toContain('300 of 1,200 objects, 1.5 MiB of 5.0 MiB (30%)');
    expect(html).toContain('512.0 KiB/s, about 2 min 5 sec left');
    expect(html).toContain('From s3://old-bucket to s3://new-bucket');
  });

  it('writes the numbers and the time left the French and Chinese way', () => {
    expect(render('fr', 'running')).toContain('300 objets sur 1 200, 1,5 MiB sur 5,0 MiB (30 %)');
    expect(render('fr', 'running')).toContain('512,0 KiB/s, encore 2 min 5 s environ');
    expect(render('zh', 'running')).toContain('aria-label="复制进度"');
  });

  it('says the rate alone while the time left is not known', () => {
    const html = render('en', 'running', { ...migration, progress: migration.progress && { ...migration.progress, secondsLeft: null } });
    expect(html).toContain('512.0 KiB/s</p>');
    expect(html).not.toContain('left');
  });

  it('lists the first failures with their cause and counts the rest', () => {
    const html = render('en', 'failed');
    expect(html).toContain('<code>packages-services/npm/a.tgz</code> the storage did not answer in time.');
    expect(html).toContain('and 3 more objects');
    expect(render('fr', 'failed')).toContain('et 3 autres objets');
    // No live bar once the run has ended, and no "old copy kept" before a switch.
    expect(html).not.toContain('role="progressbar"');
    expect(html).not.toContain(en.StorageMove.run.oldCopyKept.split('{')[0]);
  });

  it('names where the old copy is kept after a successful switch', () => {
    const html = render('en', 'succeeded', { ...migration, failures: [], failureCount: 0 });
    expect(html).toContain('The previous copy of the packages is kept at s3://old-bucket');
    expect(html).toContain('<caption>Packages to copy</caption>');
    expect(html).not.toContain('more object');
  });
});
