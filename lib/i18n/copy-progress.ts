import type { Progress } from '@/lib/migration';
import { formatDuration } from './duration';

// A storage move's progress as the reader says it: counts and sizes with the locale's digits and
// separators, the rate, and the time left (none while the rate is not known yet).

/** The engine's progress (lib/migration) without its phase, with the share done. */
export type CopyProgress = Omit<Progress, 'phase'> & { percent: number };

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary units, one decimal, the number in the locale ("1.5 MiB", "1,5 MiB"). */
export function localSize(bytes: number, locale: string): string {
  if (bytes < 1024) return `${new Intl.NumberFormat(locale).format(bytes)} B`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.floor(value * 10) / 10);
  return `${number} ${UNITS[unit]}`;
}

export interface CopyProgressView {
  percent: number;
  bytesDone: string;
  bytesTotal: string;
  rate: string;
  timeLeft: string | null;
}

export function copyProgressView(progress: CopyProgress, locale: string): CopyProgressView {
  const known = progress.secondsLeft !== null && progress.bytesPerSecond > 0;
  return {
    percent: Math.max(0, Math.min(100, Math.floor(progress.percent))),
    bytesDone: localSize(progress.bytesDone, locale),
    bytesTotal: localSize(progress.bytesTotal, locale),
    rate: `${localSize(progress.bytesPerSecond, locale)}/s`,
    timeLeft: known && progress.secondsLeft !== null ? formatDuration(progress.secondsLeft, locale) : null,
  };
}
