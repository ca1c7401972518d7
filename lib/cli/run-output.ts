import { localizeRun, type LocalizedRun } from '@/lib/config-run/localize-run';
import type { ConfigRunRecord } from '@/lib/config-run/types';
import { runText } from './run-messages';
import { progressLine, settingsKeyOf } from './run-progress';

// How `cli config apply` shows a run: on a terminal a progress bar and the phases, redrawn in place;
// otherwise (a pipe, a log file, CI) one plain line per phase change, which greps and diffs well.
// A storage move adds its copy's progress: one line redrawn in place, or a plain line every few seconds.

/** How often a pipe gets a line of the copy's progress: often enough to see it move, not a log flood. */
export const PLAIN_PROGRESS_MS = 5000;

const BAR_WIDTH = 30;
const MARK = { pending: ' ', running: '>', done: 'x', failed: '!' } as const;

export function progressBar(percent: number): string {
  const filled = Math.round((percent / 100) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)}%`;
}

function block(run: LocalizedRun): string[] {
  const copy = run.running ? progressLine(run.migration) : null;
  return [progressBar(run.progress), ...run.phases.map((phase) => `  [${MARK[phase.state]}] ${phase.label.padEnd(32)} ${phase.stateLabel}`), ...(copy ? [`  ${copy}`] : [])];
}

export interface RunPrinter {
  update(run: ConfigRunRecord): void;
  finish(run: ConfigRunRecord): void;
}

export function ttyPrinter(out: NodeJS.WritableStream): RunPrinter {
  let drawn = 0;
  const draw = (run: LocalizedRun) => {
    const lines = block(run);
    // Move up over the previous drawing and clear each line as it is rewritten.
    if (drawn > 0) out.write(`\u001b[${drawn}A`);
    out.write(lines.map((line) => `\u001b[2K${line}\n`).join(''));
    drawn = lines.length;
  };
  return {
    update: (run) => draw(localizeRun(run, runText)),
    finish: (run) => {
      const localized = localizeRun(run, runText);
      draw(localized);
      out.write(`${resultLines(localized).join('\n')}\n`);
    },
  };
}

export function plainPrinter(out: NodeJS.WritableStream, now: () => number = Date.now): RunPrinter {
  const seen = new Map<string, string>();
  let progressAt = -Infinity;
  const update = (run: ConfigRunRecord) => {
    const localized = localizeRun(run, runText);
    localized.phases.forEach((phase, index) => {
      if (phase.state === 'pending' || seen.get(phase.name) === phase.state) return;
      seen.set(phase.name, phase.state);
      out.write(`[${index + 1}/${localized.phases.length}] ${phase.label}: ${phase.stateLabel}\n`);
    });
    const copy = localized.running ? progressLine(localized.migration) : null;
    if (copy && now() - progressAt >= PLAIN_PROGRESS_MS) {
      progressAt = now();
      out.write(`  ${copy}\n`);
    }
  };
  return {
    update,
    finish: (run) => {
      update(run);
      out.write(`${resultLines(localizeRun(run, runText)).join('\n')}\n`);
    },
  };
}

/** The outcome and, for a failure, each problem (with the settings key it concerns). */
export function resultLines(run: LocalizedRun): string[] {
  const lines = [`Run ${run.id}: ${run.summary}`];
  if (!run.successful) for (const issue of run.errors) lines.push(`  - ${issue.field ? `[${settingsKeyOf(issue.field)}] ` : ''}${issue.message}`);
  return lines;
}
