import { describe, expect, it } from 'vitest';
import { restoreBodySchema } from './restore-body';

describe('restoreBodySchema', () => {
  it('takes a current version and an optional confirmation', () => {
    expect(restoreBodySchema.parse({ expectedVersion: 3 })).toEqual({ expectedVersion: 3, confirmStorageChange: false });
    expect(restoreBodySchema.parse({ expectedVersion: 3, confirmStorageChange: true })).toEqual({ expectedVersion: 3, confirmStorageChange: true });
  });

  it('refuses anything else rather than guessing', () => {
    for (const body of [null, [], {}, { expectedVersion: '3' }, { expectedVersion: 0 }, { expectedVersion: 1.5 }, { expectedVersion: 3, confirmStorageChange: 'yes' }, { expectedVersion: 3, extra: 1 }]) {
      expect(restoreBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
});
