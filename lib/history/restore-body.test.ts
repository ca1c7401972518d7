import { describe, expect, it } from 'vitest';
import { restoreBodySchema } from './restore-body';

describe('restoreBodySchema', () => {
  it('takes a current version, an optional confirmation and an optional copy of the packages', () => {
    expect(restoreBodySchema.parse({ expectedVersion: 3 })).toEqual({ expectedVersion: 3, confirmStorageChange: false, copyPackages: false });
    expect(restoreBodySchema.parse({ expectedVersion: 3, confirmStorageChange: true })).toEqual({ expectedVersion: 3, confirmStorageChange: true, copyPackages: false });
    expect(restoreBodySchema.parse({ expectedVersion: 3, confirmStorageChange: true, copyPackages: true })).toEqual({ expectedVersion: 3, confirmStorageChange: true, copyPackages: true });
  });

  it('refuses anything else rather than guessing', () => {
    for (const body of [null, [], {}, { expectedVersion: '3' }, { expectedVersion: 0 }, { expectedVersion: 1.5 }, { expectedVersion: 3, confirmStorageChange: 'yes' }, { expectedVersion: 3, copyPackages: 'yes' }, { expectedVersion: 3, extra: 1 }]) {
      expect(restoreBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
});
