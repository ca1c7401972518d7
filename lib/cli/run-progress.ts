import type { LocalizedMigration } from '@/lib/config-run/localize-migration';
import { localizeRun, type LocalizedRun } from '@/lib/config-run/localize-run';
import type { ConfigRunRecord } from '@/lib/config-run/types';
import { humanSize } from '@/lib/i18n/human-size';
import { migrationJson } from '@/lib/manage-api/run-json';
import { SETTINGS_KEYS } from '@/lib/settings/types';
import { runText } from './run-messages';

// A storage move's copy as `cli config apply --migrate` shows it, and the run as --json prints it.

/** "45 s", "12 min 5 s", "1 h 3 min": the time left of a copy, for people. */
export function durationText(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/** One line of a copy's progress: percent, objects, bytes done of the total, rate and time left. */
export function progressLine(migration: LocalizedMigration | null): string | null {
  const progress = migration?.progress;
  if (!progress) return null;
  const left = progress.secondsLeft === null ? 'time left unknown' : `${durationText(progress.secondsLeft)} left`;
  const what = progress.phase === 'copy' ? 'Copying' : 'Verifying';
  return `${what}: ${progress.percent}%, ${progress.objectsDone}/${progress.objectsTotal} objects, ${humanSize(progress.bytesDone)} of ${humanSize(progress.bytesTotal)}, ${progress.rate}, ${left}`;
}

/** A form field as the key an operator passes to `config set`. */
export function settingsKeyOf(field: string | null): string | null {
  return field === null ? null : (SETTINGS_KEYS[field as keyof typeof SETTINGS_KEYS] ?? field);
}

/** The run in the CLI's --json shape: today's keys, plus the move of the packages (null when none). */
export function runJson(run: LocalizedRun) {
  const { id, state, settingsVersion, summary, phases, errors, migration } = run;
  return {
    run_id: id,
    state,
    settings_version: settingsVersion,
    summary,
    phases: phases.map(({ name, state: s, error }) => ({ name, state: s, error })),
    errors: errors.map((issue) => ({ ...issue, field: settingsKeyOf(issue.field) })),
    migration: migrationJson(migration),
  };
}

/** JSON lines: `{"type":"update",…}` whenever the run changes, then `{"type":"result",…}` once it has finished. */
export function jsonLinesPrinter(out: NodeJS.WritableStream) {
  let last = '';
  return {
    update(run: ConfigRunRecord) {
      const line = JSON.stringify({ type: 'update', ...runJson(localizeRun(run, runText)) });
      if (line === last) return;
      last = line;
      out.write(`${line}\n`);
    },
    finish(run: ConfigRunRecord) {
      out.write(`${JSON.stringify({ type: 'result', ...runJson(localizeRun(run, runText)) })}\n`);
    },
  };
}
