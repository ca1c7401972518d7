import { writeSync } from 'node:fs';
import { EXIT_FAILED } from './usage-error';

// Node exits as soon as nothing is left to wait for, even while a command's promise is still pending
// (a request that never settles, waiting only on an unref'd timer). Exit status 0 with no output would
// then read as success to a script. This guard turns that into a failure that says what happened.

export const UNSETTLED_MESSAGE =
  'cli: the command stopped before it finished: its work never completed and no result was printed. Nothing can be concluded from this run.';

/** Runs a command to its exit status; if the process is about to exit before it settles, exits 1 with a line on stderr. */
export function runCommand(command: Promise<number>, report: (error: unknown) => void): void {
  let settled = false;
  const onBeforeExit = () => {
    if (settled) return;
    settled = true;
    writeSync(2, `${UNSETTLED_MESSAGE}\n`);
    process.exit(EXIT_FAILED);
  };
  process.on('beforeExit', onBeforeExit);
  command.then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (error: unknown) => {
      settled = true;
      report(error);
      process.exitCode = EXIT_FAILED;
    },
  );
}
