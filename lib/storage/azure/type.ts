import type { StorageType } from '../types';
import { AZURE_SETTINGS_KEYS, AZURE_STORAGE_TYPE } from './fields';
import { AZURE_OPERATIONS } from './operations';

// Azure Blob Storage: a container and the connection string of its storage account (account key or,
// unlike GitHub Enterprise Server, a shared access signature).

export const AZURE_TYPE = {
  id: AZURE_STORAGE_TYPE,
  namespace: 'AzureStorage',
  subjectField: 'azureContainerName',
  checkRows: AZURE_OPERATIONS,
  notes: ['intro'],
  typeLabel: 'storageTypeOption',
  passed: 'passed',
  prerequisites: 'prerequisites',
  subjectText: 'subject',
  fields: [
    {
      name: 'azureContainerName',
      settingsKey: AZURE_SETTINGS_KEYS.azureContainerName,
      apiName: 'azure_container_name',
      input: 'text',
      required: true,
      cliFlag: 'container',
      label: 'containerNameLabel',
      notes: ['containerNameNoteCreateFirst'],
    },
    {
      name: 'azureConnectionString',
      settingsKey: AZURE_SETTINGS_KEYS.azureConnectionString,
      apiName: 'azure_connection_string',
      input: 'password',
      secret: true,
      required: true,
      secretEnv: 'CONSOLE_AZURE_CONNECTION_STRING',
      label: 'connectionStringLabel',
      notes: ['connectionStringNoteWhere', 'connectionStringNoteSas'],
      storedNote: 'connectionStringStored',
    },
  ],
} as const satisfies StorageType<AzureValues>;

/** The Azure fields' values, as the settings model holds them. */
export type AzureValues = {
  azureContainerName: string;
  azureConnectionString: string;
};
