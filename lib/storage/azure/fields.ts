// The Azure storage type's field names and settings keys. Zod-free and client-safe, so the form can
// import it without a schema.

export const AZURE_FIELDS = ['azureContainerName', 'azureConnectionString'] as const;
export type AzureField = (typeof AZURE_FIELDS)[number];

/** The GitHub Enterprise settings keys, as `ghe-config` names them. */
export const AZURE_SETTINGS_KEYS: Record<AzureField, string> = {
  azureContainerName: 'secrets.packages.azure-container-name',
  azureConnectionString: 'secrets.packages.azure-connection-string',
};

/** The storage type's value of `secrets.packages.blob-storage-type`. */
export const AZURE_STORAGE_TYPE = 'azure';
