import { describe, expect, it } from 'vitest';
import { containerNameProblem } from './container-name';

describe('containerNameProblem', () => {
  it.each(['abc', 'packages', 'ghes-packages-01', '0pkg', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(containerNameProblem(name)).toBeNull();
  });

  it.each([
    ['', 'containerNameRequired'],
    ['ab', 'containerNameLength'],
    ['a'.repeat(64), 'containerNameLength'],
    ['Packages', 'containerNameCharacters'],
    ['pkg_store', 'containerNameCharacters'],
    ['pkg.store', 'containerNameCharacters'],
    ['-packages', 'containerNameEdges'],
    ['packages-', 'containerNameEdges'],
    ['pkg--store', 'containerNameDoubleHyphen'],
  ])('refuses %j with %s', (name, code) => {
    expect(containerNameProblem(name)?.code).toBe(code);
  });
});
