import type { Translate } from './describe-issue';
import type { CheckIdentity } from '@/lib/storage/check/types';

// Who a check ran as, in the reader's language, through the `S3Storage` namespace (identity.*).
// No server-only: the page, the API and the CLI say it the same way.

/** ICU select keys cannot hold '-': 'web-identity' is said as 'webIdentity'. */
export function selectKey(value: string): string {
  return value.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** 2026-11-29T16:05:07.000Z -> 2026-11-29 16:05 UTC: the same in every language, and unambiguous. */
export function utcMinute(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function describeIdentity(identity: CheckIdentity, t: Translate): string[] {
  const sentences: string[] = [];
  if (identity.principal) sentences.push(t('identity.ranAs', { principal: identity.principal }));
  if (identity.role) sentences.push(t('identity.role', { role: identity.role, session: identity.session ?? '' }));
  sentences.push(t('identity.source', { assumed: identity.role ? 'yes' : 'no', source: selectKey(identity.source), accessKeyId: identity.accessKeyId ?? '' }));
  if (identity.expiresAt) sentences.push(t('identity.expires', { time: utcMinute(identity.expiresAt) }));
  return sentences;
}
