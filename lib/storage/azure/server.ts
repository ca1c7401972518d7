import 'server-only';
import { z } from 'zod';
import { isSealedOrBlank } from '@/lib/fs/secret-box';
import { scoped } from '@/lib/i18n/lookup';
import type { StorageServer } from '../server-types';
import { textOf as text } from '../types';
import type { SharedValues } from '../shared/fields';
import type { AzureCheckIssue, AzureCheckRow } from './check/target';
import { parseConnectionString } from './connection-string';
import { describeAzureIssue, describeAzureOperation, describeAzureRow } from './check/describe-issue';
import { probeAzureHealth } from './health-probe';
import { runAzureStorageCheck } from './check/run-storage-check';
import { NEEDED_SAS_LETTERS, SAS_LETTER_BY_OPERATION, type AzureOperation } from './sas';
import { AZURE_TYPE, type AzureValues } from './type';
import { azureBinding, azureObjectAccess } from './binding';

const CONNECTION_STRING_KEY = AZURE_TYPE.fields[1].settingsKey;

const appliedSchema = z.object({
  azure_container_name: z.string(),
  azure_connection_string: z.string().refine(isSealedOrBlank),
});

/** Which operations need which SAS letter: the help shown with a check's result. */
function sasHelp(): string {
  const byLetter = NEEDED_SAS_LETTERS.map((letter) => {
    const operations = Object.entries(SAS_LETTER_BY_OPERATION).filter(([, needed]) => needed === letter).map(([operation]) => operation);
    return `${letter}: ${operations.join(', ')}`;
  });
  return [`sp=${NEEDED_SAS_LETTERS.join('')}`, ...byLetter].join('\n');
}

export const AZURE_SERVER: StorageServer<AzureValues & SharedValues> = {
  check: (values, options) => runAzureStorageCheck({ containerName: text(values, 'azureContainerName'), connectionString: text(values, 'azureConnectionString') }, options),
  healthProbe: (values, options) => probeAzureHealth({ containerName: text(values, 'azureContainerName'), connectionString: text(values, 'azureConnectionString') }, options),
  serviceBinding: azureBinding,
  objectAccess: azureObjectAccess,
  renderApplied: (values, seal) => {
    const connectionString = values ? text(values, 'azureConnectionString') : '';
    return {
      azure_container_name: values ? text(values, 'azureContainerName') : '',
      azure_connection_string: connectionString === '' ? '' : seal(connectionString, CONNECTION_STRING_KEY),
    };
  },
  appliedSchema,
  appliedSecretKeys: ['azure_connection_string'],
  valuesFromApplied(applied, open) {
    const p = appliedSchema.parse(applied);
    return {
      azureContainerName: p.azure_container_name,
      azureConnectionString: p.azure_connection_string === '' ? '' : open(p.azure_connection_string, CONNECTION_STRING_KEY),
    };
  },
  describe: {
    issue: (issue, t, locale) => describeAzureIssue(issue as AzureCheckIssue, scoped(t, 'AzureStorage'), locale),
    row: (row, t, locale, errors) => describeAzureRow(row as AzureCheckRow, scoped(t, 'AzureStorage'), locale, errors as AzureCheckIssue[]),
    purpose: (permission, t) => describeAzureOperation(permission as AzureOperation, scoped(t, 'AzureStorage')),
  },
  cliOptionsHelp: `  --container NAME         Azure container name (with --type azure; the connection string is read
                           from $CONSOLE_AZURE_CONNECTION_STRING or stdin)`,
  cliTarget: (values) => {
    const endpoint = parseConnectionString(text(values, 'azureConnectionString')).value?.blobEndpoint ?? '?';
    return `container ${text(values, 'azureContainerName')} at ${endpoint}`;
  },
  checkHelp: () => ({ titleKey: 'sasHelpTitle', text: sasHelp(), shownFor: ['permissionDenied'] }),
  // A connection string or a SAS names no principal of its own: the mode and source say it all.
  identityFields: {},
  grantFor: () => null,
};
