// The Services page's calls to its credential routes (app/api/services/[id]/credentials): the answer's
// body, or its message (already in the page's language: Accept-Language is the page's locale).

/** A refresh of the running service may wait for a new instance to be ready (60 s by default). */
const TIMEOUT_MS = 120_000;

export interface CredentialAnswer {
  name: string;
  createdAt?: string;
  secret?: string;
  inForceMessage: string;
}

interface Problem {
  message?: string;
  errors?: { field: string | null; message: string }[];
}

export type CredentialResult = { ok: true; body: CredentialAnswer } | { ok: false; message: string | null; field: string | null };

export async function credentialsRequest(ecosystem: string, method: 'POST' | 'DELETE', name: string, locale: string): Promise<CredentialResult> {
  try {
    const response = await fetch(`/api/services/${encodeURIComponent(ecosystem)}/credentials`, {
      method,
      headers: { 'content-type': 'application/json', 'accept-language': locale },
      body: JSON.stringify({ name }),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => null)) as (CredentialAnswer & Problem) | null;
    if (response.ok && body && typeof body.inForceMessage === 'string') return { ok: true, body };
    return { ok: false, message: body?.message ?? null, field: body?.errors?.[0]?.field ?? null };
  } catch {
    return { ok: false, message: null, field: null };
  }
}
