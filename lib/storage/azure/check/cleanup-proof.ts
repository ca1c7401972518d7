import type { ParsedConnectionString } from '../connection-string';
import type { AzureTarget } from './target';

// What makes two Azure checks the same for the removal proof (lib/storage/check/proven-removal.ts):
// the same connection string on the same container. Only its HMAC is kept.

export const cleanupProofIdentity = (parsed: ParsedConnectionString, target: AzureTarget): string[] => [parsed.blobEndpoint, target.containerName, target.connectionString];
