import { describe, expect, it } from 'vitest';
import { parseApplyBody } from './apply-body';

const t = (key: string) => key;

describe('parseApplyBody', () => {
  it('accepts an empty object, migrate or resume', () => {
    expect(parseApplyBody({}, t)).toEqual({ ok: true, options: {} });
    expect(parseApplyBody({ migrate: true }, t)).toEqual({ ok: true, options: { migrate: true } });
    expect(parseApplyBody({ migrate: false }, t)).toEqual({ ok: true, options: {} });
    expect(parseApplyBody({ resume: '0123456789abcdef' }, t)).toEqual({ ok: true, options: { resume: '0123456789abcdef' } });
  });

  it('names the field of a bad type and refuses unknown fields', () => {
    expect(parseApplyBody({ migrate: 'yes', resume: 7, extra: 1 }, t)).toEqual({
      ok: false,
      errors: [
        { field: 'extra', code: 'unknownField', message: 'Validation.unknownField' },
        { field: 'migrate', code: 'migrateInvalid', message: 'ManageApi.migrateInvalid' },
        { field: 'resume', code: 'resumeInvalid', message: 'ManageApi.resumeInvalid' },
      ],
    });
    expect(parseApplyBody({ resume: '../../etc' }, t)).toMatchObject({ ok: false, errors: [{ field: 'resume', code: 'resumeInvalid' }] });
  });

  it('refuses migrate with resume, and a body that is not an object', () => {
    expect(parseApplyBody({ migrate: true, resume: '0123456789abcdef' }, t)).toEqual({ ok: false, errors: [{ field: null, code: 'migrateResumeExclusive', message: 'ManageApi.migrateResumeExclusive' }] });
    for (const body of [[], null, 'migrate', true]) expect(parseApplyBody(body, t)).toMatchObject({ ok: false, errors: [{ code: 'applyBodyInvalid' }] });
  });
});
