import { humanSize } from '@/lib/i18n/human-size';
import type { MessageLookup } from '@/lib/i18n/lookup';
import type { MigrationProgress, RunMigration } from './types';

// A storage move as the reader sees it: ecosystems by name, sizes for people beside the exact bytes,
// each failed object's cause in the reader's language.

export interface LocalizedMigration {
  from: string;
  to: string;
  /** The run whose resume manifest this one continues. */
  journalRun: string;
  ecosystems: { id: string; name: string; objects: number; bytes: number; size: string }[];
  total: { objects: number; bytes: number; size: string };
  progress: (MigrationProgress & { percent: number; rate: string }) | null;
  copied: number;
  skipped: number;
  verified: number;
  failures: { key: string; code: string; message: string }[];
  failureCount: number;
}

export function causeText(code: string, status: number | undefined, t: MessageLookup): string {
  return `${t(`StorageMigration.causes.${code}`)}${status === undefined ? '' : ` ${t('StorageMigration.httpStatus', { status })}`}`;
}

function localizedProgress(progress: MigrationProgress | null): LocalizedMigration['progress'] {
  if (!progress) return null;
  const share = progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : progress.objectsTotal > 0 ? progress.objectsDone / progress.objectsTotal : 1;
  return { ...progress, percent: Math.min(100, Math.floor(share * 100)), rate: `${humanSize(progress.bytesPerSecond)}/s` };
}

export function localizeMigration(migration: RunMigration, t: MessageLookup): LocalizedMigration {
  const ecosystems = migration.ecosystems.map((entry) => ({ ...entry, name: t(`Ecosystems.${entry.id}.name`), size: humanSize(entry.bytes) }));
  const objects = ecosystems.reduce((sum, entry) => sum + entry.objects, 0);
  const bytes = ecosystems.reduce((sum, entry) => sum + entry.bytes, 0);
  return {
    from: migration.from,
    to: migration.to,
    journalRun: migration.journalRun,
    ecosystems,
    total: { objects, bytes, size: humanSize(bytes) },
    progress: localizedProgress(migration.progress),
    copied: migration.copied,
    skipped: migration.skipped,
    verified: migration.verified,
    failures: migration.failures.map((failure) => ({ key: failure.key, code: failure.code, message: causeText(failure.code, failure.status, t) })),
    failureCount: migration.failureCount,
  };
}
