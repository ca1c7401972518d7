import { describe, expect, it } from 'vitest';
import { parseConnectionString } from './connection-string';

const NOW = new Date('2026-06-01T12:00:00Z');
const KEY = Buffer.alloc(64, 7).toString('base64');
const codes = (input: string) => parseConnectionString(input, NOW).problems.map((p) => p.code);
const SAS = 'sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2027-01-01T00:00:00Z&spr=https&sig=c2ln';

describe('parseConnectionString: account key', () => {
  it('builds the endpoint from the account and the EndpointSuffix', () => {
    const reading = parseConnectionString(`DefaultEndpointsProtocol=https;AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.windows.net`, NOW);
    expect(reading).toEqual({
      value: { blobEndpoint: 'https://pkgstore.blob.core.windows.net', accountName: 'pkgstore', credential: { kind: 'accountKey', accountName: 'pkgstore', accountKey: KEY } },
      problems: [],
      warnings: [],
    });
  });

  it.each(['core.chinacloudapi.cn', 'core.usgovcloudapi.net'])('works in a sovereign cloud (%s)', (suffix) => {
    const reading = parseConnectionString(`AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=${suffix};`, NOW);
    expect(reading.value?.blobEndpoint).toBe(`https://pkgstore.blob.${suffix}`);
    expect(reading.problems).toEqual([]);
  });

  it('takes BlobEndpoint as given, for an emulator on this machine or Azure Stack', () => {
    const emulator = parseConnectionString(`DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1/`, NOW);
    expect(emulator.problems).toEqual([]);
    expect(emulator.value?.blobEndpoint).toBe('http://127.0.0.1:10000/devstoreaccount1');
    const stack = parseConnectionString(`AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=https://pkgstore.blob.local.azurestack.external`, NOW);
    expect(stack.value?.blobEndpoint).toBe('https://pkgstore.blob.local.azurestack.external');
  });

  it.each([
    ['an empty string', '  ', ['connectionStringRequired']],
    ['an empty part', `AccountName=pkgstore;;AccountKey=${KEY};EndpointSuffix=core.windows.net`, ['connectionStringEmptySegment']],
    ['a part without a value', `AccountName=pkgstore;${KEY.slice(0, 10)};AccountKey=${KEY};EndpointSuffix=core.windows.net`, ['connectionStringSegmentWithoutValue']],
    ['an unknown key', `AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.windows.net;Region=west`, ['connectionStringUnknownKey']],
    ['a key in the wrong case', `accountname=pkgstore;AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.windows.net`, ['connectionStringUnknownKey']],
    ['a duplicate key', `AccountName=pkgstore;AccountName=other;AccountKey=${KEY};EndpointSuffix=core.windows.net`, ['connectionStringDuplicateKey']],
    ['an empty value', `AccountName=pkgstore;AccountKey=;EndpointSuffix=core.windows.net`, ['connectionStringEmptyValue', 'connectionStringAccountKeyMissing']],
    ['no AccountName', `AccountKey=${KEY};EndpointSuffix=core.windows.net`, ['connectionStringAccountNameMissing']],
    ['an invalid AccountName', `AccountName=Pkg_Store;AccountKey=${KEY};EndpointSuffix=core.windows.net`, ['connectionStringAccountNameInvalid']],
    ['no AccountKey', 'AccountName=pkgstore;EndpointSuffix=core.windows.net', ['connectionStringAccountKeyMissing']],
    ['an AccountKey that is not base64', 'AccountName=pkgstore;AccountKey=not base64!;EndpointSuffix=core.windows.net', ['connectionStringAccountKeyNotBase64']],
    ['an AccountKey with bad padding', 'AccountName=pkgstore;AccountKey=abcde;EndpointSuffix=core.windows.net', ['connectionStringAccountKeyNotBase64']],
    ['no endpoint at all', `AccountName=pkgstore;AccountKey=${KEY}`, ['connectionStringEndpointMissing']],
    ['a BlobEndpoint that is not a URL', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=pkgstore.blob.core.windows.net`, ['connectionStringBlobEndpointInvalid']],
    ['a BlobEndpoint with a query', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=https://h.example/?a=b`, ['connectionStringBlobEndpointInvalid']],
    ['a BlobEndpoint over http to another host', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=http://blob.example.com`, ['connectionStringBlobEndpointHttps']],
    ['a BlobEndpoint at a cloud metadata address', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=http://169.254.169.254/pkgstore`, ['connectionStringBlobEndpointReserved']],
    ['http to Azure', `DefaultEndpointsProtocol=http;AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.windows.net`, ['connectionStringBlobEndpointHttps']],
    ['an unknown protocol', `DefaultEndpointsProtocol=ftp;AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.windows.net`, ['connectionStringProtocolInvalid']],
    ['an EndpointSuffix that is a URL', `AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=https://core.windows.net`, ['connectionStringEndpointSuffixInvalid']],
    ['an EndpointSuffix ending in a number', `AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=1.2`, ['connectionStringEndpointSuffixNumeric']],
    ['an EndpointSuffix that is an IPv4 address', `AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=169.254.169.254`, ['connectionStringEndpointSuffixNumeric']],
    ['an EndpointSuffix ending in a hex number', `AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.0x1F`, ['connectionStringEndpointSuffixNumeric']],
    ['an EndpointSuffix that is not valid punycode', `AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=xn--a.net`, ['connectionStringEndpointSuffixInvalid']],
    ['a BlobEndpoint at an IPv4-compatible metadata address', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=https://[::169.254.169.254]`, ['connectionStringBlobEndpointReserved']],
    ['a BlobEndpoint at a SIIT metadata address', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=https://[::ffff:0:169.254.169.254]`, ['connectionStringBlobEndpointReserved']],
    ['a BlobEndpoint at a NAT64 metadata address', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=https://[64:ff9b::169.254.169.254]`, ['connectionStringBlobEndpointReserved']],
    ['a BlobEndpoint at Azure\'s platform address', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=https://168.63.129.16`, ['connectionStringBlobEndpointReserved']],
    ['a BlobEndpoint at the short metadata name', `AccountName=pkgstore;AccountKey=${KEY};BlobEndpoint=https://metadata/pkgstore`, ['connectionStringBlobEndpointReserved']],
  ])('refuses %s', (_label, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it.each(['core.windows.net', 'core.0xz', 'xn--ls8h.la', 'a.1', 'core.0x', '0x.net', 'localhost.1', '1.2.3.4.5', 'xn--.net'])(
    'gives an endpoint the URL parser accepts, or a problem (EndpointSuffix=%s)',
    (suffix) => {
      const reading = parseConnectionString(`AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=${suffix}`, NOW);
      if (reading.value) expect(() => new URL(reading.value?.blobEndpoint ?? '')).not.toThrow();
      else expect(reading.problems.length).toBeGreaterThan(0);
      expect(reading.value === null).toBe(reading.problems.length > 0);
    },
  );

  it('never repeats a value from the string in a problem', () => {
    const secretLooking = `AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.windows.net;${KEY}=x`;
    const reading = parseConnectionString(secretLooking, NOW);
    expect(reading.problems).toEqual([{ code: 'connectionStringUnknownKey', params: { key: '…' } }]);
    expect(JSON.stringify(reading.problems)).not.toContain(KEY.slice(0, 12));
  });
});

describe('parseConnectionString: shared access signature', () => {
  it('reads the SAS form the portal generates (with the other services\' endpoints)', () => {
    const input = `BlobEndpoint=https://pkgstore.blob.core.windows.net/;QueueEndpoint=https://pkgstore.queue.core.windows.net/;FileEndpoint=https://pkgstore.file.core.windows.net/;TableEndpoint=https://pkgstore.table.core.windows.net/;SharedAccessSignature=${SAS}`;
    const reading = parseConnectionString(input, NOW);
    expect(reading.problems).toEqual([]);
    expect(reading.value).toEqual({
      blobEndpoint: 'https://pkgstore.blob.core.windows.net',
      accountName: null,
      credential: { kind: 'sas', token: SAS, sas: { permissions: 'rwdlac', expiresAt: '2027-01-01T00:00:00.000Z', startsAt: null } },
    });
  });

  it('builds the endpoint from AccountName and EndpointSuffix with a SAS too', () => {
    expect(parseConnectionString(`AccountName=pkgstore;EndpointSuffix=core.windows.net;SharedAccessSignature=${SAS}`, NOW).value?.blobEndpoint)
      .toBe('https://pkgstore.blob.core.windows.net');
  });

  it('passes on what the SAS lacks, keeping the parsed value so the check can still show each row', () => {
    const reading = parseConnectionString(`BlobEndpoint=https://pkgstore.blob.core.windows.net;SharedAccessSignature=${SAS.replace('rwdlac', 'rwl')}`, NOW);
    expect(reading.problems.map((p) => p.code)).toEqual(['sasLettersMissing']);
    expect(reading.value?.credential.kind).toBe('sas');
  });

  it('refuses an AccountKey and a SAS together, and a SAS without an endpoint', () => {
    expect(codes(`AccountName=pkgstore;AccountKey=${KEY};EndpointSuffix=core.windows.net;SharedAccessSignature=${SAS}`)).toEqual(['connectionStringKeyAndSas']);
    expect(codes(`SharedAccessSignature=${SAS}`)).toEqual(['connectionStringEndpointMissing']);
  });

  it('refuses an expired SAS and warns about one expiring soon', () => {
    expect(codes(`BlobEndpoint=https://h.example;SharedAccessSignature=${SAS.replace('2027-01-01', '2026-01-01')}`)).toEqual(['sasExpired']);
    const soon = parseConnectionString(`BlobEndpoint=https://h.example;SharedAccessSignature=${SAS.replace('2027-01-01', '2026-06-10')}`, NOW);
    expect(soon.warnings.map((p) => p.code)).toEqual(['sasExpiresSoon']);
  });
});
