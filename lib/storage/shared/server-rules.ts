import 'server-only';
import { parseCaBundle } from '@/lib/network/ca-bundle';
import type { FieldProblem, FieldValues } from '../types';
import { CA_CERTIFICATES_FIELD } from './fields';

// What only the server can tell of the shared fields: each pasted certificate parsed by Node.

export function sharedFieldProblem(name: string, value: string): string | null {
  if (name !== CA_CERTIFICATES_FIELD.name || value.trim() === '') return null;
  return parseCaBundle(value).errors[0]?.code ?? null;
}

export function sharedServerProblems(values: FieldValues): FieldProblem[] {
  const value = values[CA_CERTIFICATES_FIELD.name];
  const code = typeof value === 'string' ? sharedFieldProblem(CA_CERTIFICATES_FIELD.name, value) : null;
  return code ? [{ field: CA_CERTIFICATES_FIELD.name, code }] : [];
}

/** The trusted CAs of the settings, in PEM, for the storage requests (only valid ones reach a save). */
export function trustedCaPems(values: FieldValues): string[] {
  const value = values[CA_CERTIFICATES_FIELD.name];
  return typeof value === 'string' && value.trim() !== '' ? parseCaBundle(value).pems : [];
}
