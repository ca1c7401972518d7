import 'server-only';
import type { ServiceInput } from '../types';
import { createRedactor } from './redactor';

/** An error's message for the run's events and the admin, with the storage secrets of this input taken out. */
export function redactedDetail(error: unknown, input: ServiceInput): string {
  const message = error instanceof Error ? error.message : String(error);
  const binding = input.binding;
  // A connection string's key or SAS may be quoted on its own.
  const secrets =
    binding.protocol === 's3-api'
      ? [binding.accessKey, binding.secretKey]
      : [binding.connectionString, ...binding.connectionString.split(';').flatMap((part) => /^\s*(AccountKey|SharedAccessSignature)\s*=/i.test(part) ? [part.slice(part.indexOf('=') + 1).trim()] : [])];
  return createRedactor(secrets.filter((secret) => secret !== ''))(message).slice(0, 500);
}
