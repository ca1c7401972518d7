import { problem, type AzureProblem } from './problems';

// Azure's container naming rule: 3-63 characters, lowercase letters, digits and hyphens, starting
// with a letter or digit, never ending with a hyphen, no two hyphens in a row.

export function containerNameProblem(name: string): AzureProblem | null {
  if (name === '') return problem('containerNameRequired');
  if (name.length < 3 || name.length > 63) return problem('containerNameLength');
  if (!/^[a-z0-9-]+$/.test(name)) return problem('containerNameCharacters');
  if (name.startsWith('-') || name.endsWith('-')) return problem('containerNameEdges');
  if (name.includes('--')) return problem('containerNameDoubleHyphen');
  return null;
}
