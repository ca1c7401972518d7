import 'server-only';
import { requireSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { errorResponse, jsonResponse, requestProblemResponse } from '@/lib/http/json-response';
import { readJsonBody } from '@/lib/http/read-json-body';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { problemText, type MessageLookup } from '@/lib/i18n/lookup';
import { decodeProblem } from '@/lib/settings/problem-message';
import { credentialKindOf } from '../catalog';
import { CREDENTIAL_ERROR_STATUS, addServiceCredential, credentialErrorText, revokeServiceCredential, type CredentialsInForce } from './credential-actions';
import { CredentialError } from './errors';
import { credentialFormSchema } from './schema';

// The Services page's credential routes (app/api/services/[id]/credentials/…): the same actions as the
// Manage API, behind the console's session and its same-site check, answering in the page's language
// ({ message, errors: [{ field, code, message }] } like the settings routes). The new secret is in the
// answer to the add only, which is never cached (jsonResponse), and is never logged.

/** The route's context, read only after the session check (the route guard's test calls handlers without one). */
type IdContext = { params: Promise<{ id: string }> };

function refused(error: unknown, t: MessageLookup): Response {
  if (!(error instanceof CredentialError)) throw error;
  const message = credentialErrorText(error, t);
  const field = error.code === 'nameRequired' || error.code === 'nameInvalid' || error.code === 'nameReserved' || error.code === 'nameTaken' ? 'name' : null;
  return errorResponse(CREDENTIAL_ERROR_STATUS[error.code], { message, errors: [{ field, code: error.code, message }] });
}

/** What both routes read first: the session, the reader's language, the ecosystem and the JSON body. */
async function credentialRequest(request: Request, context: IdContext): Promise<{ ok: false; response: Response } | { ok: true; t: MessageLookup; id: string; body: unknown }> {
  const guard = await requireSession(request);
  if (!guard.ok) return { ok: false, response: guard.response };
  const translator = await apiTranslator(request);
  const { id } = await context.params;
  const body = await readJsonBody(request);
  if (!body.ok) return { ok: false, response: requestProblemResponse(body.code, translator) };
  return { ok: true, t: translator.lookup, id, body: body.value };
}

const inForceOf = (inForce: CredentialsInForce, t: MessageLookup) => ({ inForce, inForceMessage: t(`ServiceCredentials.inForce.${inForce}`) });

/** POST `{ name }`: 201 `{ name, kind, createdAt, secret, inForce, inForceMessage }`, the secret this once. */
export async function addCredentialRoute(request: Request, context: IdContext): Promise<Response> {
  const read = await credentialRequest(request, context);
  if (!read.ok) return read.response;
  const { t, id, body } = read;
  const parsed = credentialFormSchema.safeParse(body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
      return { field, code: decodeProblem(issue.message).code, message: problemText(decodeProblem(issue.message), t) };
    });
    return errorResponse(422, { message: errors[0]?.message ?? t('Validation.invalid'), errors });
  }
  try {
    const added = await addServiceCredential(readConsoleEnv(), id, parsed.data.name);
    return jsonResponse({ name: added.name, kind: credentialKindOf(id), createdAt: added.createdAt, secret: added.secret, ...inForceOf(added.inForce, t) }, 201);
  } catch (error) {
    return refused(error, t);
  }
}

/**
 * DELETE `{ name }`: `{ name, inForce, inForceMessage }`. The name travels in the body, not the path: a
 * valid name may be `.` or `..`, which a URL path cannot carry (URL parsers resolve them, %2e too).
 */
export async function revokeCredentialRoute(request: Request, context: IdContext): Promise<Response> {
  const read = await credentialRequest(request, context);
  if (!read.ok) return read.response;
  const { t, id, body } = read;
  const name = (body as { name?: unknown } | null)?.name;
  if (typeof name !== 'string') return refused(new CredentialError('notFound', { name: '', ecosystem: id }), t);
  try {
    const { inForce } = await revokeServiceCredential(readConsoleEnv(), id, name);
    return jsonResponse({ name, ...inForceOf(inForce, t) });
  } catch (error) {
    return refused(error, t);
  }
}
