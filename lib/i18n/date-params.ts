// Problems carry dates as ISO 8601 strings (never a formatted date): each reader sees them in their
// own language, in UTC so everyone sees the same instant.

const DATE_PARAMS = ['expiry', 'start', 'date'] as const;

export function localizeDateParams(params: Record<string, string> | undefined, locale: string): Record<string, string> {
  const out = { ...(params ?? {}) };
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  for (const name of DATE_PARAMS) {
    const value = out[name];
    const time = value ? Date.parse(value) : NaN;
    if (!Number.isNaN(time)) out[name] = `${format.format(time)} UTC`;
  }
  return out;
}
