import { z } from 'zod';
import { DEFAULT_STORAGE_TYPE } from '@/lib/storage/registry';
import { storageRules } from '@/lib/storage/rules';
import type { FieldProblem } from '@/lib/storage/types';

/** A field problem as a run file keeps it: with its namespace and arguments, so it reads back as it was said. */
export const storedProblem = z.object({ field: z.string().nullable(), code: z.string(), namespace: z.string().optional(), params: z.record(z.string(), z.string()).optional() });

/**
 * The problem with the namespace its text is in. Runs written before problems named one held the
 * default type's codes bare (their texts were then in `Validation`): such a code is the default
 * type's, in its namespace now; any other bare code is the core's.
 */
export function withNamespace<P extends Pick<FieldProblem, 'code' | 'namespace'>>(problem: P): P {
  if (problem.namespace !== undefined) return problem;
  const rules = storageRules(DEFAULT_STORAGE_TYPE);
  return rules.validationNamespace && rules.codes.includes(problem.code) ? { ...problem, namespace: rules.validationNamespace } : problem;
}
