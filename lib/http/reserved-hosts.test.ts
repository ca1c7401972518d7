import { describe, expect, it } from 'vitest';
import { ipv6Words } from './ipv6-words';
import { isReservedServiceHost } from './reserved-hosts';

// Hosts as `new URL(...).hostname` gives them: the parser normalizes IPv4 and compresses IPv6 to hex.
const hostOf = (url: string) => new URL(url).hostname;

describe('isReservedServiceHost', () => {
  it.each([
    'https://169.254.169.254',
    'https://[::169.254.169.254]',
    'https://[::ffff:169.254.169.254]',
    'https://[::ffff:a9fe:a9fe]',
    'https://[::ffff:0:169.254.169.254]',
    'https://[64:ff9b::169.254.169.254]',
    'https://[64:ff9b:1::a9fe:a9fe]',
    'https://[2002:a9fe:a9fe::1]',
    'https://[::ffff:168.63.129.16]',
    'https://168.63.129.16',
    'https://100.100.100.200',
    'https://[fd00:ec2::254]',
    'https://[fe80::1]',
    'https://metadata',
    'https://METADATA.',
    'https://metadata.google.internal',
    'https://instance-data.ec2.internal',
  ])('refuses %s', (url) => {
    expect(isReservedServiceHost(hostOf(url))).toBe(true);
  });

  it.each([
    'https://s3.eu-west-1.amazonaws.com',
    'https://metadata.example.com',
    'https://127.0.0.1:9000',
    'https://[::1]',
    'https://[::ffff:192.0.2.7]',
    'https://[64:ff9b::192.0.2.7]',
    'https://[2001:db8::a9fe:a9fe]',
    'https://168.63.129.17',
  ])('accepts %s', (url) => {
    expect(isReservedServiceHost(hostOf(url))).toBe(false);
  });

  it.each(['169.254.169.254', '::ffff:169.254.169.254', '::169.254.169.254', '64:ff9b::a9fe:a9fe', 'fe80::1%eth0', '168.63.129.16'])(
    'refuses the resolved address %s',
    (address) => {
      expect(isReservedServiceHost(address)).toBe(true);
    },
  );
});

describe('ipv6Words', () => {
  it('expands compressed, hex and dotted forms alike', () => {
    const expected = [0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe];
    expect(ipv6Words('::ffff:169.254.169.254')).toEqual(expected);
    expect(ipv6Words('[::FFFF:a9fe:A9FE]')).toEqual(expected);
    expect(ipv6Words('0:0:0:0:0:ffff:a9fe:a9fe')).toEqual(expected);
    expect(ipv6Words('2001:db8::')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
  });

  it.each(['1::2::3', '1:2:3:4:5:6:7', '::1.2.3.256', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4::5:6:7:8'])('rejects %s', (text) => {
    expect(ipv6Words(text)).toBeNull();
  });
});
