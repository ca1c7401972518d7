import 'server-only';
import { callService, expectStatus } from '../http';

// npm's registry API as the stock client speaks it: the login that turns an account into a token. The
// account is named in Basic credentials too: without them Verdaccio takes the request for a sign-up.

export async function npmLogin(baseUrl: string, username: string, password: string, timeoutMs: number): Promise<string> {
  const answer = await callService(`${baseUrl}/-/user/org.couchdb.user:${encodeURIComponent(username)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
    body: JSON.stringify({ name: username, password }),
    timeoutMs,
  });
  expectStatus(answer, 201, 'login');
  const token = (JSON.parse(answer.body.toString('utf8')) as { token?: unknown }).token;
  if (typeof token !== 'string' || token === '') throw new Error('login: no token in the answer');
  return token;
}
