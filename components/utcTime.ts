/** `2026-11-23 10:24:16 UTC`: the same in every language, and the same on the server and in logs. */
export function utcTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
