import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { readConsoleEnv } from '@/lib/env';
import { credentialKindOf } from '@/lib/services/catalog';
import { CredentialError } from '@/lib/services/credentials/errors';
import { listCredentials, type CredentialSummary } from '@/lib/services/credentials/store';
import { ServiceCredentialsPanel } from './ServiceCredentialsPanel';

/** An ecosystem's write credentials on the Services page: listed without secrets, added, revoked. */
export async function ServiceCredentialsSection({ ecosystem }: { ecosystem: string }) {
  const kind = credentialKindOf(ecosystem);
  if (kind === null) return null;
  const t = await getTranslations('ServiceCredentials');
  let credentials: CredentialSummary[] = [];
  let problem = '';
  try {
    credentials = await listCredentials(readConsoleEnv(), ecosystem);
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error;
    problem = t(`errors.${error.code}`, error.params);
  }
  const messages = await getMessages();
  // Only this panel's messages go to the browser (and Validation's fallback): not the whole page's.
  const panelMessages = { ServiceCredentials: messages.ServiceCredentials, Validation: { invalid: messages.Validation.invalid, unknownField: messages.Validation.unknownField } };
  return (
    <NextIntlClientProvider messages={panelMessages}>
      <ServiceCredentialsPanel ecosystem={ecosystem} kind={kind} initial={credentials} problem={problem} />
    </NextIntlClientProvider>
  );
}
