// Why a credential could not be added, revoked or read: a code (a message key for the CLI, the Manage
// API and the Services page) and its arguments. No message or argument ever holds a secret.

export type CredentialErrorCode = 'unknownEcosystem' | 'nameRequired' | 'nameInvalid' | 'nameReserved' | 'nameTaken' | 'notFound' | 'fileDamaged' | 'keyMissing';

const MESSAGES: Record<CredentialErrorCode, (params: Record<string, string>) => string> = {
  unknownEcosystem: (p) => `There is no ecosystem ${p.ecosystem}`,
  nameRequired: () => 'Enter a name for the credential',
  nameInvalid: (p) => `"${p.name}" is not a valid credential name: 1 to 64 characters among a-z, 0-9, ".", "_" and "-"`,
  nameReserved: (p) => `"${p.name}" is reserved: names starting with ${p.prefix} are the console's own`,
  nameTaken: (p) => `${p.ecosystem} already has a credential named ${p.name}`,
  notFound: (p) => `${p.ecosystem} has no credential named ${p.name}`,
  fileDamaged: (p) => `${p.file} is damaged: it is not a credentials file this console can read`,
  keyMissing: () => 'The credentials are sealed with an encryption key this console does not have',
};

export class CredentialError extends Error {
  override name = 'CredentialError';
  constructor(
    readonly code: CredentialErrorCode,
    readonly params: Record<string, string>,
  ) {
    super(MESSAGES[code](params));
  }
}
