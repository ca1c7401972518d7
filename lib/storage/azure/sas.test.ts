import { describe, expect, it } from 'vitest';
import { missingSasLetters, readSas, SAS_LETTER_BY_OPERATION } from './sas';

const NOW = new Date('2026-06-01T12:00:00Z');
const sas = (fields: Record<string, string>) => new URLSearchParams({ sv: '2022-11-02', sig: 'c2lnbmF0dXJl', ...fields }).toString();

describe('readSas', () => {
  it('reads permissions and expiry of a SAS that allows everything the check needs', () => {
    const reading = readSas(sas({ sp: 'racwdl', se: '2027-01-01T00:00:00Z', st: '2026-01-01T00:00:00Z' }), NOW);
    expect(reading).toEqual({
      info: { permissions: 'racwdl', expiresAt: '2027-01-01T00:00:00.000Z', startsAt: '2026-01-01T00:00:00.000Z' },
      problems: [],
      warnings: [],
    });
  });

  it('accepts a leading question mark and a date-only expiry', () => {
    expect(readSas(`?${sas({ sp: 'rwdl', se: '2027-01-01' })}`, NOW).info?.expiresAt).toBe('2027-01-01T00:00:00.000Z');
  });

  it('names the missing letters and the operations that need them', () => {
    expect(readSas(sas({ sp: 'rwl', se: '2027-01-01' }), NOW).problems).toEqual([
      { code: 'sasLettersMissing', params: { letters: 'd', operations: 'Delete Blob' } },
    ]);
    expect(readSas(sas({ sp: 'acd', se: '2027-01-01' }), NOW).problems[0]?.params).toEqual({
      letters: 'rwl',
      operations: 'Put Blob, Put Block, Put Block List, Get Block List, Get Blob, List Blobs',
    });
  });

  it('refuses an expired SAS with its expiry', () => {
    expect(readSas(sas({ sp: 'rwdl', se: '2026-05-31T00:00:00Z' }), NOW).problems).toEqual([
      { code: 'sasExpired', params: { expiry: '2026-05-31T00:00:00.000Z' } },
    ]);
  });

  it('warns when the SAS expires within 30 days, with the date', () => {
    const reading = readSas(sas({ sp: 'rwdl', se: '2026-06-20T12:00:00Z' }), NOW);
    expect(reading.problems).toEqual([]);
    expect(reading.warnings).toEqual([{ code: 'sasExpiresSoon', params: { expiry: '2026-06-20T12:00:00.000Z' } }]);
    expect(readSas(sas({ sp: 'rwdl', se: '2026-07-01T11:59:00Z' }), NOW).warnings).toHaveLength(1);
    expect(readSas(sas({ sp: 'rwdl', se: '2026-07-01T12:00:00Z' }), NOW).warnings).toEqual([]);
  });

  it('refuses a SAS that is not valid yet', () => {
    expect(readSas(sas({ sp: 'rwdl', se: '2027-01-01', st: '2026-07-01' }), NOW).problems.map((p) => p.code)).toEqual(['sasNotYetValid']);
  });

  it.each([
    ['no signature', 'sv=2022-11-02&sp=rwdl&se=2027-01-01', 'sasMalformed'],
    ['no permissions', sas({ se: '2027-01-01' }), 'sasPermissionsMissing'],
    ['no expiry', sas({ sp: 'rwdl' }), 'sasExpiryMissing'],
    ['an unreadable expiry', sas({ sp: 'rwdl', se: 'tomorrow' }), 'sasExpiryInvalid'],
    ['an unreadable start', sas({ sp: 'rwdl', se: '2027-01-01', st: 'now' }), 'sasMalformed'],
    ['an account SAS without the Blob service', sas({ sp: 'rwdl', se: '2027-01-01', ss: 'qt', srt: 'sco' }), 'sasNoBlobService'],
    ['an account SAS for containers only', sas({ sp: 'rwdl', se: '2027-01-01', ss: 'b', srt: 'sc' }), 'sasResourceTypesMissing'],
    ['a SAS for one blob', sas({ sp: 'rwdl', se: '2027-01-01', sr: 'b' }), 'sasNotContainerScope'],
  ])('refuses %s', (_label, token, code) => {
    expect(readSas(token, NOW).problems.map((p) => p.code)).toEqual([code]);
  });

  it('maps every check row to one of the letters it checks for', () => {
    expect(new Set(Object.values(SAS_LETTER_BY_OPERATION))).toEqual(new Set(['r', 'w', 'd', 'l']));
    expect(missingSasLetters('racwdl')).toEqual([]);
    expect(missingSasLetters('c')).toEqual(['r', 'w', 'd', 'l']);
  });
});
