// A length of time as a reader says it, to the two largest units ("3 d 4 h", "3 j 4 h", "3天4小时"):
// Intl's unit formatting, so no message per unit and per plural form is needed.

const UNITS = [
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
  { unit: 'second', seconds: 1 },
] as const;

export function formatDuration(totalSeconds: number, locale: string): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const parts: string[] = [];
  for (const { unit, seconds } of UNITS) {
    const count = Math.floor(rest / seconds);
    rest -= count * seconds;
    if (count > 0 || (parts.length === 0 && unit === 'second')) {
      parts.push(new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(count));
    }
    if (parts.length === 2) break;
    // Units after the first shown one are consecutive: "2 d 0 h" reads better as "2 d" than "2 d 5 s".
    if (parts.length === 1 && count === 0) break;
  }
  return parts.join(' ');
}
