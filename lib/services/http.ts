import 'server-only';

// Requests the console sends to its own services (readiness, canaries): always with a deadline.

export interface ServiceAnswer {
  status: number;
  body: Buffer;
  headers: Headers;
}

export async function callService(url: string, init: RequestInit & { timeoutMs: number }): Promise<ServiceAnswer> {
  const { timeoutMs, ...rest } = init;
  const response = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

/** Throws with the status and the start of the body, for readiness errors (a service's body holds no secret of ours). */
export function expectStatus(answer: ServiceAnswer, wanted: number | readonly number[], what: string): void {
  if (!(typeof wanted === 'number' ? [wanted] : wanted).includes(answer.status)) throw new Error(`${what}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
}
