import type { FieldProblem } from '@/lib/storage/types';

// A field problem travels as one string where zod and react-hook-form carry a message: its code, and
// when a storage type's rules gave them, its namespace and ICU arguments. Never prose.

export function encodeProblem(problem: Omit<FieldProblem, 'field'>): string {
  const key = problem.namespace ? `${problem.namespace}.${problem.code}` : problem.code;
  return problem.params ? `${key} ${JSON.stringify(problem.params)}` : key;
}

export function decodeProblem(message: string): Omit<FieldProblem, 'field'> {
  const space = message.indexOf(' ');
  const key = space < 0 ? message : message.slice(0, space);
  let params: Record<string, string> | undefined;
  if (space >= 0) {
    try {
      params = JSON.parse(message.slice(space + 1)) as Record<string, string>;
    } catch {
      params = undefined;
    }
  }
  const dot = key.lastIndexOf('.');
  const base = dot < 0 ? { code: key } : { code: key.slice(dot + 1), namespace: key.slice(0, dot) };
  return params ? { ...base, params } : base;
}

/** The message key of a problem: its type's namespace, else the shared `Validation`. */
export function problemKey(problem: Pick<FieldProblem, 'code' | 'namespace'>): string {
  return `${problem.namespace ?? 'Validation'}.${problem.code}`;
}
