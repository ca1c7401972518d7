import { textOf as text, type FieldValues, type StorageTypeRules } from '../types';
import { parseConnectionString } from './connection-string';
import { containerNameProblem } from './container-name';
import { AZURE_VALIDATION_PARAMS, ROW_LEVEL_PROBLEMS } from './problems';
import type { AzureValues } from './type';

// The Azure fields' rules, one source for the form, the server, the Manage API and the CLI. A
// connection string is parsed, not pattern-matched; what only the check can judge row by row (SAS
// permission letters) is left to it.

/** The first problem that makes the connection string unusable, or null. */
export function connectionStringProblem(value: string) {
  return parseConnectionString(value).problems.find((problem) => !ROW_LEVEL_PROBLEMS.has(problem.code)) ?? null;
}

/** Where the packages would be: the Blob endpoint and the container (no credential in it). */
function location(values: FieldValues<AzureValues>): string | null {
  const container = text(values, 'azureContainerName').trim();
  const endpoint = parseConnectionString(text(values, 'azureConnectionString')).value?.blobEndpoint ?? '';
  return container === '' && endpoint === '' ? null : `${endpoint.toLowerCase()}/${container}`;
}

export const AZURE_RULES: StorageTypeRules<AzureValues> = {
  codes: Object.keys(AZURE_VALIDATION_PARAMS),
  validationNamespace: 'AzureStorage.validation',
  fieldProblem: {
    azureContainerName: (value) => containerNameProblem(value),
    azureConnectionString: connectionStringProblem,
  },
  requiredCode: { azureContainerName: 'containerNameRequired', azureConnectionString: 'connectionStringRequired' },
  secretLimit: {},
  choiceCode: {},
  // The connection string names its own account: a new one is a new credential, whatever else changes.
  tiedSecrets: {},
  location,
  changedField: (before, after) => {
    const endpoint = (values: FieldValues<AzureValues>) => parseConnectionString(text(values, 'azureConnectionString')).value?.blobEndpoint.toLowerCase() ?? '';
    if (location(before) === null) return null;
    if (endpoint(before) !== endpoint(after)) return 'azureConnectionString';
    return text(before, 'azureContainerName').trim() !== text(after, 'azureContainerName').trim() ? 'azureContainerName' : null;
  },
  serviceTraits: () => ({ protocol: 'azure-blob-api', authMode: 'connection-string' }),
};
