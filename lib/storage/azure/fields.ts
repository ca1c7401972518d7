// The Azure storage type's form fields, with their message keys in the `AzureStorage` namespace.
// Zod-free and client-safe, so the form can import it without a schema.

export const AZURE_FIELDS = ['azureContainerName', 'azureConnectionString'] as const;
export type AzureField = (typeof AZURE_FIELDS)[number];

/** Stored encrypted, never sent back to a browser, write-only in the Manage API and the CLI. */
export const AZURE_SECRET_FIELDS: readonly AzureField[] = ['azureConnectionString'];

/** The GitHub Enterprise settings keys, as `ghe-config` names them. */
export const AZURE_SETTINGS_KEYS: Record<AzureField, string> = {
  azureContainerName: 'secrets.packages.azure-container-name',
  azureConnectionString: 'secrets.packages.azure-connection-string',
};

/** The storage type's value of `secrets.packages.blob-storage-type`. */
export const AZURE_STORAGE_TYPE = 'azure';

/** Keys of `AzureStorage.*` for the type's option and each field's label and notes, in display order. */
export const AZURE_FIELD_MESSAGES = {
  storageTypeOption: 'storageTypeOption',
  azureContainerName: { label: 'containerNameLabel', notes: ['containerNameNoteCreateFirst'] },
  azureConnectionString: {
    label: 'connectionStringLabel',
    notes: ['connectionStringNoteWhere', 'connectionStringNoteSas'],
    /** Shown instead of the value when one is stored. */
    stored: 'connectionStringStored',
  },
} as const;
