// Codes of the `AzureStorage.validation` namespace in messages/*.json, with the ICU arguments each
// message uses. Pure and client-safe: the form, the server, the Manage API and the CLI share them.

export const AZURE_VALIDATION_PARAMS = {
  containerNameRequired: [],
  containerNameLength: [],
  containerNameCharacters: [],
  containerNameEdges: [],
  containerNameDoubleHyphen: [],
  connectionStringRequired: [],
  connectionStringEmptySegment: [],
  connectionStringSegmentWithoutValue: ['position'],
  connectionStringUnknownKey: ['key'],
  connectionStringDuplicateKey: ['key'],
  connectionStringEmptyValue: ['key'],
  connectionStringAccountNameMissing: [],
  connectionStringAccountNameInvalid: [],
  connectionStringAccountKeyMissing: [],
  connectionStringAccountKeyNotBase64: [],
  connectionStringKeyAndSas: [],
  connectionStringEndpointMissing: [],
  connectionStringBlobEndpointInvalid: [],
  connectionStringBlobEndpointHttps: [],
  connectionStringBlobEndpointReserved: [],
  connectionStringProtocolInvalid: [],
  connectionStringEndpointSuffixInvalid: [],
  connectionStringEndpointSuffixNumeric: [],
  sasMalformed: [],
  sasPermissionsMissing: [],
  sasExpiryMissing: [],
  sasExpiryInvalid: [],
  sasExpired: ['expiry'],
  sasNotYetValid: ['start'],
  sasLettersMissing: ['letters', 'operations'],
  sasNoBlobService: [],
  sasResourceTypesMissing: ['types'],
  sasNotContainerScope: [],
  sasExpiresSoon: ['expiry'],
} as const satisfies Record<string, readonly string[]>;

export type AzureValidationCode = keyof typeof AZURE_VALIDATION_PARAMS;

export interface AzureProblem {
  code: AzureValidationCode;
  /** ICU arguments (never a secret); dates are ISO 8601 strings, see localizeDateParams. */
  params?: Record<string, string>;
}

export function problem(code: AzureValidationCode, params?: Record<string, string>): AzureProblem {
  return params ? { code, params } : { code };
}

/** SAS problems the check still runs with, so each row shows what Azure itself answers; the form leaves them to it. */
export const ROW_LEVEL_PROBLEMS: ReadonlySet<string> = new Set(['sasLettersMissing', 'sasPermissionsMissing', 'sasNoBlobService', 'sasResourceTypesMissing', 'sasNotContainerScope']);
