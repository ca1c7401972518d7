import { domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isValidHostLabel } from './punycode-label';

describe('isValidHostLabel', () => {
  it('takes plain labels and real IDN labels, as the URL parser decodes them', () => {
    for (const label of ['core', 'windows', 'xn--bcher-kva', 'xn--fiqs8s', 'XN--FIQS8S']) expect(isValidHostLabel(label), label).toBe(true);
    expect(domainToUnicode('xn--bcher-kva')).toBe('bücher');
  });

  it('refuses labels that are not punycode or decode to nothing a host name may hold', () => {
    for (const label of ['xn--a', 'xn--', 'xn--abc!', 'xn--99999999999']) expect(isValidHostLabel(label), label).toBe(false);
  });
});
