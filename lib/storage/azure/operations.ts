// The check's operations on their own: the type descriptor (lib/storage/azure/type.ts) reaches the
// browser, and importing them from sas.ts would bring the SAS reader and its problems along.

/** The Blob REST operations the storage check sends, in the order of its result rows. */
export const AZURE_OPERATIONS = ['Put Blob', 'Put Block', 'Put Block List', 'Get Block List', 'Get Blob', 'List Blobs', 'Delete Blob'] as const;
export type AzureOperation = (typeof AZURE_OPERATIONS)[number];
