// zod/mini: the Services page's add-credential form ships this schema to the browser.
import { refine, strictObject, string } from 'zod/mini';
import { encodeProblem } from '@/lib/settings/problem-message';
import type { CredentialErrorCode } from './errors';

// The one rule for a credential's name: the add-credential form (its resolver, in the browser), the
// console's route handler, the Manage API and the CLI (through the store) all ask this schema. A
// problem is a ServiceCredentials.errors code with its arguments (problem-message.ts), never prose.

export const CREDENTIAL_NAME = /^[a-z0-9._-]{1,64}$/;
/** The console's own accounts (the npm canary) use this prefix: an admin's credential must not shadow one. */
export const RESERVED_PREFIX = 'packages-console';
/** How much of a refused name is quoted back in an error. */
const QUOTED_LENGTH = 80;

const NAMESPACE = 'ServiceCredentials.errors';

type NameCode = Extract<CredentialErrorCode, 'nameRequired' | 'nameInvalid' | 'nameReserved'>;

export interface NameProblem {
  code: NameCode;
  params: Record<string, string>;
}

/** Why a name cannot be a credential's, or null when it can. */
export function credentialNameProblem(name: string): NameProblem | null {
  if (name === '') return { code: 'nameRequired', params: {} };
  if (!CREDENTIAL_NAME.test(name)) return { code: 'nameInvalid', params: { name: name.slice(0, QUOTED_LENGTH) } };
  if (name.startsWith(RESERVED_PREFIX)) return { code: 'nameReserved', params: { name, prefix: RESERVED_PREFIX } };
  return null;
}

const nameField = string({ error: encodeProblem({ namespace: NAMESPACE, code: 'nameRequired' }) }).check(
  refine((name) => credentialNameProblem(name) === null, {
    abort: true,
    error: (issue) => {
      const problem = credentialNameProblem(typeof issue.input === 'string' ? issue.input : '');
      return encodeProblem({ namespace: NAMESPACE, code: problem?.code ?? 'nameInvalid', params: problem?.params });
    },
  }),
);

/** The add-credential form: `{ name }`, nothing else (a body with more is refused, Validation.unknownField). */
export const credentialFormSchema = strictObject(
  { name: nameField },
  { error: (issue) => encodeProblem({ code: issue.code === 'unrecognized_keys' ? 'unknownField' : 'malformedRequest' }) },
);

export interface CredentialFormInput {
  name: string;
}
