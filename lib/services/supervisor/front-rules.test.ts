import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceFront } from './front';
import { basicUserOf, carriesNoCredential, credentialRule, type AnonymousRead } from './front-rules';

const READ_ACCOUNT = `Basic ${Buffer.from('reader:derived').toString('base64')}`;
const anonymous: AnonymousRead = { authorization: READ_ACCOUNT, challengePaths: ['/v2/'] };
const EMPTY_BASIC = `Basic ${Buffer.from(':').toString('base64')}`;
const WRONG = `Basic ${Buffer.from('ci:wrong').toString('base64')}`;

describe('credentialRule', () => {
  it('adds the read account to a GET or HEAD that carries no credential, and to no write', () => {
    for (const method of ['GET', 'HEAD']) expect(credentialRule(method, '/v2/team/app/manifests/1', {}, anonymous)).toEqual({ action: 'add', authorization: READ_ACCOUNT });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(credentialRule(method, '/v2/team/app/blobs/uploads/', {}, anonymous)).toEqual({ action: 'pass' });
  });

  it('counts a challenged client’s empty Basic credential as none, on reads only', () => {
    expect(carriesNoCredential(EMPTY_BASIC)).toBe(true);
    expect(carriesNoCredential('Basic ')).toBe(true);
    expect(carriesNoCredential(WRONG)).toBe(false);
    expect(carriesNoCredential('Bearer abc')).toBe(false);
    expect(credentialRule('GET', '/v2/', { authorization: EMPTY_BASIC }, anonymous)).toEqual({ action: 'add', authorization: READ_ACCOUNT });
    expect(credentialRule('GET', '/v2/team/app/tags/list', { authorization: EMPTY_BASIC }, anonymous)).toEqual({ action: 'add', authorization: READ_ACCOUNT });
    expect(credentialRule('PUT', '/v2/team/app/manifests/1', { authorization: EMPTY_BASIC }, anonymous)).toEqual({ action: 'pass' });
  });

  it('leaves a credential-less request to a challenge path alone, so the service still challenges', () => {
    expect(credentialRule('GET', '/v2/', {}, anonymous)).toEqual({ action: 'pass' });
    expect(credentialRule('GET', '/v2/?probe=1', {}, anonymous)).toEqual({ action: 'pass' });
    expect(credentialRule('GET', '/v2/_catalog', {}, anonymous)).toEqual({ action: 'add', authorization: READ_ACCOUNT });
  });

  it('passes a request that brings its own credential untouched, a wrong one included', () => {
    expect(credentialRule('GET', '/v2/team/app/manifests/1', { authorization: WRONG }, anonymous)).toEqual({ action: 'pass' });
    expect(credentialRule('HEAD', '/v2/team/app/manifests/1', { authorization: 'Bearer abc' }, anonymous)).toEqual({ action: 'pass' });
    expect(credentialRule('PUT', '/v2/team/app/manifests/1', { authorization: WRONG }, anonymous)).toEqual({ action: 'pass' });
  });

  it('refuses the read account on a write', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(credentialRule(method, '/v2/team/app/blobs/uploads/', { authorization: READ_ACCOUNT }, anonymous)).toEqual({ action: 'refuse' });
  });

  it('refuses the read account’s user name on a write however the credential is spelled, and only that exact name', () => {
    const encoded = Buffer.from('reader:derived').toString('base64');
    const spellings = [`basic ${encoded}`, `BASIC   ${encoded}  `, ` Basic ${encoded}`, `Basic ${encoded.replace(/=+$/, '')}`, `Basic ${Buffer.from('reader:another-password').toString('base64')}`, `Basic ${Buffer.from('reader:').toString('base64')}`];
    for (const authorization of spellings) expect(credentialRule('PUT', '/v2/team/app/manifests/1', { authorization }, anonymous), authorization).toEqual({ action: 'refuse' });
    for (const other of ['Reader:derived', 'reader2:derived', 'ci:reader:derived', 'readerderived']) {
      const authorization = `Basic ${Buffer.from(other).toString('base64')}`;
      expect(credentialRule('PUT', '/v2/team/app/manifests/1', { authorization }, anonymous), other).toEqual({ action: 'pass' });
    }
    expect(credentialRule('PUT', '/v2/team/app/manifests/1', { authorization: `Bearer ${encoded}` }, anonymous)).toEqual({ action: 'pass' });
    expect(basicUserOf(`bAsIc ${encoded}`)).toBe('reader');
    expect(basicUserOf('Basic')).toBeNull();
    expect(basicUserOf(undefined)).toBeNull();
  });

  it('refuses a token read account (the build cache’s Bearer) on a write however its scheme is spelled, and no other token', () => {
    const bearer = { authorization: 'Bearer read-token-123' };
    for (const authorization of ['Bearer read-token-123', 'bearer read-token-123', '  BEARER   read-token-123 ']) {
      expect(credentialRule('PUT', '/v8/artifacts/abc', { authorization }, bearer), authorization).toEqual({ action: 'refuse' });
    }
    for (const authorization of ['Bearer read-token-1234', 'Bearer other', 'Basic read-token-123']) {
      expect(credentialRule('PUT', '/v8/artifacts/abc', { authorization }, bearer), authorization).toEqual({ action: 'pass' });
    }
    expect(credentialRule('GET', '/v8/artifacts/abc', {}, bearer)).toEqual({ action: 'add', authorization: 'Bearer read-token-123' });
  });

  it('does nothing while anonymous reads are off', () => {
    expect(credentialRule('GET', '/v2/team/app/manifests/1', {}, undefined)).toEqual({ action: 'pass' });
    expect(credentialRule('PUT', '/v2/team/app/manifests/1', { authorization: READ_ACCOUNT }, undefined)).toEqual({ action: 'pass' });
  });
});

describe('ServiceFront with anonymous reads', () => {
  // An instance that answers with the Authorization it received.
  const instance = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'x-seen-authorization': req.headers.authorization ?? '-' });
    res.end(JSON.stringify({ method: req.method }));
  });
  const front = new ServiceFront({ host: '127.0.0.1', port: 0 });
  let base = '';
  let target = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => instance.listen(0, '127.0.0.1', () => resolve()));
    target = `http://127.0.0.1:${(instance.address() as AddressInfo).port}`;
    base = `http://127.0.0.1:${await front.listen()}`;
  });

  afterAll(async () => {
    await front.close();
    await new Promise<void>((resolve) => instance.close(() => resolve()));
  });

  const seen = async (method: string, headers: Record<string, string> = {}, path = '/v2/team/app/manifests/1') => {
    const answer = await fetch(`${base}${path}`, { method, headers, signal: AbortSignal.timeout(5000) });
    await answer.arrayBuffer();
    return { status: answer.status, authorization: answer.headers.get('x-seen-authorization') };
  };

  it('adds the read account to credential-less reads of the instance it switched to, and to nothing else', async () => {
    await front.switchTo(target, { anonymousRead: anonymous });
    expect(await seen('GET')).toEqual({ status: 200, authorization: READ_ACCOUNT });
    expect(await seen('HEAD')).toEqual({ status: 200, authorization: READ_ACCOUNT });
    expect(await seen('GET', { authorization: EMPTY_BASIC })).toEqual({ status: 200, authorization: READ_ACCOUNT });
    expect(await seen('GET', {}, '/v2/')).toEqual({ status: 200, authorization: '-' });
    expect(await seen('GET', { authorization: WRONG })).toEqual({ status: 200, authorization: WRONG });
    expect(await seen('PUT')).toEqual({ status: 200, authorization: '-' });
    expect(await seen('POST', { authorization: WRONG })).toEqual({ status: 200, authorization: WRONG });
    expect(await seen('PATCH', { authorization: READ_ACCOUNT })).toEqual({ status: 401, authorization: null });
  });

  it('stops adding it once switched to an instance rendered without anonymous reads', async () => {
    await front.switchTo(target);
    expect(await seen('GET')).toEqual({ status: 200, authorization: '-' });
    expect(await seen('PUT', { authorization: READ_ACCOUNT })).toEqual({ status: 200, authorization: READ_ACCOUNT });
  });
});
