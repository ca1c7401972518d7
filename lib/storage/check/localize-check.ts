import 'server-only';
import type { ApiIssue, LocalizedCheckResult } from './localized';
import { lookupLocale, type MessageLookup } from '@/lib/i18n/lookup';
import { joinSentences } from '@/lib/i18n/sentences';
import { DEFAULT_STORAGE_TYPE, isStorageTypeId, storageType } from '../registry';
import { storageServer } from '../server';
import { checkDescriber } from './describe';
import type { StorageCheckResult } from './types';

/** What a check worked on as run texts name it, in the reader's language ("bucket packages", "container packages"). */
export function subjectText(storageTypeId: string | undefined, name: string, t: MessageLookup): string {
  const type = storageType(isStorageTypeId(storageTypeId) ? storageTypeId : DEFAULT_STORAGE_TYPE);
  return t(`${type.namespace}.${type.subjectText}`, { name });
}

/**
 * A storage-check result in the caller's language: one sentence per problem, plus the type's help
 * (S3: the policy to grant). `subject`: for results stored before they named their own.
 */
export function localizeCheckResult(result: StorageCheckResult, t: MessageLookup, subject = ''): LocalizedCheckResult {
  const describer = checkDescriber(result.storageType);
  const id = isStorageTypeId(result.storageType) ? result.storageType : DEFAULT_STORAGE_TYPE;
  const type = storageType(id);
  const server = storageServer(id);
  const checked = result.subject ?? subject;
  const describe = (issue: StorageCheckResult['errors'][number]): ApiIssue => describer.issue(issue, t, lookupLocale(t));
  const help = server.checkHelp(checked, result.identity);
  return {
    ok: result.ok,
    durationMs: result.durationMs,
    subject: checked,
    passedMessage: t(`${type.namespace}.${type.passed}`, { subject: checked }),
    permissions: result.permissions.map((row) => {
      const sentence = describer.row(row, t, lookupLocale(t), result.errors);
      const { permission, status, code } = row;
      const statement = code ? server.grantFor(permission, checked, code) : null;
      const grant = statement ? [t(`${type.namespace}.grantWith`), statement] : [];
      return { permission, status, message: sentence === null ? null : joinSentences(sentence, ...grant) };
    }),
    errors: result.errors.map(describe),
    warnings: result.warnings.map(describe),
    help: help ? { title: t(`${type.namespace}.${help.titleKey}`), text: help.text, related: (help.related ?? []).map((more) => ({ title: t(`${type.namespace}.${more.titleKey}`), text: more.text })) } : null,
    ...(result.proxy ? { proxy: result.proxy } : {}),
    identity: result.identity ? { ...result.identity, summary: joinSentences(...(describer.identity?.(result.identity, t) ?? [])) } : null,
  };
}
