import 'server-only';
import { normalizedCaText, parseCaBundle } from '@/lib/network/ca-bundle';
import { textOf, type FieldProblem, type FieldValues, type RuleResult } from '../types';
import { CA_CERTIFICATES_FIELD, type SharedValues } from './fields';

// What only the server can tell of the shared fields: each pasted certificate parsed by Node.

/** The first problem of the pasted certificates, with which one it is (position, lines, subject). */
export function sharedFieldProblem(name: string, value: string): RuleResult {
  if (name !== CA_CERTIFICATES_FIELD.name || value.trim() === '') return null;
  return parseCaBundle(value).errors[0] ?? null;
}

export function sharedServerProblems(values: FieldValues<SharedValues>): FieldProblem[] {
  const found = sharedFieldProblem(CA_CERTIFICATES_FIELD.name, textOf(values, CA_CERTIFICATES_FIELD.name));
  if (!found) return [];
  return [typeof found === 'string' ? { field: CA_CERTIFICATES_FIELD.name, code: found } : { field: CA_CERTIFICATES_FIELD.name, ...found }];
}

/** The trusted CAs of the settings, in PEM, for the storage requests (only valid ones reach a save). */
export function trustedCaPems(values: FieldValues<SharedValues>): string[] {
  const value = textOf(values, CA_CERTIFICATES_FIELD.name);
  return value.trim() !== '' ? parseCaBundle(value).pems : [];
}

/**
 * The shared fields as stored: the CA certificates re-encoded from their DER, so no text pasted
 * around them (or inside a block, past the certificate) is ever kept or read back.
 */
export function storedSharedValues<T extends FieldValues<SharedValues>>(values: T): T {
  const value = textOf(values, CA_CERTIFICATES_FIELD.name);
  if (value.trim() === '') return values;
  return { ...values, [CA_CERTIFICATES_FIELD.name]: normalizedCaText(value) };
}
