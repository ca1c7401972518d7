import 'server-only';
import { normalizedCaText, parseCaBundle } from '@/lib/network/ca-bundle';
import type { FieldProblem, FieldValues, RuleResult } from '../types';
import { CA_CERTIFICATES_FIELD } from './fields';

// What only the server can tell of the shared fields: each pasted certificate parsed by Node.

/** The first problem of the pasted certificates, with which one it is (position, lines, subject). */
export function sharedFieldProblem(name: string, value: string): RuleResult {
  if (name !== CA_CERTIFICATES_FIELD.name || value.trim() === '') return null;
  return parseCaBundle(value).errors[0] ?? null;
}

export function sharedServerProblems(values: FieldValues): FieldProblem[] {
  const value = values[CA_CERTIFICATES_FIELD.name];
  const found = typeof value === 'string' ? sharedFieldProblem(CA_CERTIFICATES_FIELD.name, value) : null;
  if (!found) return [];
  return [typeof found === 'string' ? { field: CA_CERTIFICATES_FIELD.name, code: found } : { field: CA_CERTIFICATES_FIELD.name, ...found }];
}

/** The trusted CAs of the settings, in PEM, for the storage requests (only valid ones reach a save). */
export function trustedCaPems(values: FieldValues): string[] {
  const value = values[CA_CERTIFICATES_FIELD.name];
  return typeof value === 'string' && value.trim() !== '' ? parseCaBundle(value).pems : [];
}

/**
 * The shared fields as stored: the CA certificates re-encoded from their DER, so no text pasted
 * around them (or inside a block, past the certificate) is ever kept or read back.
 */
export function storedSharedValues<T extends FieldValues>(values: T): T {
  const value = values[CA_CERTIFICATES_FIELD.name];
  if (typeof value !== 'string' || value.trim() === '') return values;
  return { ...values, [CA_CERTIFICATES_FIELD.name]: normalizedCaText(value) };
}
