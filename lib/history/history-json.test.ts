import { describe, expect, it } from 'vitest';
import { changeJson, parseVersion } from './history-json';

describe('history JSON', () => {
  it('gives a secret change no value field at all', () => {
    expect(changeJson({ key: 'k', field: 'f', secret: true, change: 'changed' })).toEqual({ key: 'k', secret: true, change: 'changed' });
    expect(changeJson({ key: 'k', field: 'f', secret: false, change: 'changed', from: 'a', to: 'b' })).toEqual({ key: 'k', secret: false, change: 'changed', old: 'a', new: 'b' });
  });

  it('reads whole version numbers from 1 up and nothing else', () => {
    expect(parseVersion('7')).toBe(7);
    for (const text of ['0', '-1', '07', '7abc', '1e3', '1.5', '', ' 7', '9999999999', undefined]) expect(parseVersion(text), String(text)).toBeNull();
  });
});
