// Whether an `xn--` label is real punycode (RFC 3492) for a host name. Node 20's URL parser refuses a
// label such as `xn--a` (it decodes to a control character), Node 24's keeps it as it is: this decides
// the same way on both, and in the browser, without node:url.

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;

function digitOf(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return code - 22; // 0-9 are 26-35
  if (code >= 0x61 && code <= 0x7a) return code - 0x61; // a-z are 0-25
  return -1;
}

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / 700) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  for (; d > ((BASE - T_MIN) * T_MAX) >> 1; k += BASE) d = Math.floor(d / (BASE - T_MIN));
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + 38));
}

/** The code points an `xn--` label decodes to, or null when it is not valid punycode. */
function decode(encoded: string): number[] | null {
  const split = encoded.lastIndexOf('-');
  const output = split > 0 ? [...encoded.slice(0, split)].map((char) => char.charCodeAt(0)) : [];
  let n = 128;
  let i = 0;
  let bias = 72;
  for (let index = split > 0 ? split + 1 : 0; index < encoded.length; ) {
    const oldI = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= encoded.length) return null;
      const digit = digitOf(encoded[index++]!);
      if (digit < 0) return null;
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
      if (i > 0x10ffff * 64) return null;
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return null;
    output.splice(i, 0, n);
    i += 1;
  }
  return output;
}

export function isValidHostLabel(label: string): boolean {
  if (!/^xn--/i.test(label)) return true;
  const points = decode(label.slice(4).toLowerCase());
  // A real IDN label holds at least one non-ASCII letter and no control character.
  return points !== null && points.some((point) => point >= 0xa0) && points.every((point) => point >= 0x20 && (point < 0x7f || point >= 0xa0));
}
