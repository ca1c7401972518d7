import 'server-only';
import type { ServiceInput } from '../types';
import { createRedactor } from './redactor';

/** An error's message for the run's events and the admin, with the storage secrets of this input taken out. */
export function redactedDetail(error: unknown, input: ServiceInput): string {
  const message = error instanceof Error ? error.message : String(error);
  return createRedactor(input.binding.secrets)(message).slice(0, 500);
}
