import type { Phase, Progress, Totals } from './types';

// Objects and bytes done of the total, the rate and the time left, reported at most every interval
// (and once at the end) so a fast copy of small objects does not flood the caller.

export interface ProgressMeter {
  /** An object done: `moved` bytes went over the wire for it (0 when skipped as already proven). */
  done(bytes: number, moved: number): void;
  report(): void;
}

export function progressMeter(phase: Phase, totals: Totals, onProgress: ((progress: Progress) => void) | undefined, intervalMs = 500, now: () => number = Date.now): ProgressMeter {
  const started = now();
  let objectsDone = 0;
  let bytesDone = 0;
  let bytesMoved = 0;
  let lastReport = -Infinity;

  const report = () => {
    lastReport = now();
    const seconds = (lastReport - started) / 1000;
    const bytesPerSecond = seconds > 0 ? Math.round(bytesMoved / seconds) : 0;
    const bytesLeft = Math.max(0, totals.bytes - bytesDone);
    const secondsLeft = bytesLeft === 0 ? 0 : bytesPerSecond > 0 ? Math.ceil(bytesLeft / bytesPerSecond) : null;
    onProgress?.({ phase, objectsDone, objectsTotal: totals.objects, bytesDone, bytesTotal: totals.bytes, bytesPerSecond, secondsLeft });
  };

  return {
    done(bytes, moved) {
      objectsDone += 1;
      bytesDone += bytes;
      bytesMoved += moved;
      if (now() - lastReport >= intervalMs) report();
    },
    report,
  };
}
