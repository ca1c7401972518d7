import 'server-only';
import { CREDENTIAL_ERROR_STATUS, addServiceCredential, credentialErrorText, revokeServiceCredential } from '@/lib/services/credentials/credential-actions';
import { CredentialError } from '@/lib/services/credentials/errors';
import { listCredentials } from '@/lib/services/credentials/store';
import { readJsonBody } from '@/lib/http/read-json-body';
import { manageJson, manageProblem, requestProblem } from './responses';
import type { ManageContext } from './with-manage-auth';

// Named write credentials of each ecosystem (npm accounts, build-cache tokens): listed without secrets,
// created with a generated secret shown once in the answer, revoked; the running service follows.

type Params = { params: Promise<{ id: string; name?: string }> };

function problem(error: unknown, t: ManageContext['t']): Response {
  if (!(error instanceof CredentialError)) throw error;
  return manageProblem(CREDENTIAL_ERROR_STATUS[error.code], error.code, credentialErrorText(error, t), error.code === 'unknownEcosystem' ? 'id' : 'name');
}

/** GET /manage/v1/packages/services/{id}/credentials */
export async function getCredentials(_request: Request, { t, env }: ManageContext, route: unknown): Promise<Response> {
  const { id } = await (route as Params).params;
  try {
    const credentials = await listCredentials(env, id);
    return manageJson({ id, credentials: credentials.map((credential) => ({ name: credential.name, created_at: credential.createdAt })) });
  } catch (error) {
    return problem(error, t);
  }
}

/** POST /manage/v1/packages/services/{id}/credentials {"name": …}: 201 with the secret, shown this once. */
export async function postCredential(request: Request, { t, env }: ManageContext, route: unknown): Promise<Response> {
  const { id } = await (route as Params).params;
  const body = await readJsonBody(request);
  if (!body.ok) return requestProblem(body.code, t);
  const name = (body.value as { name?: unknown } | null)?.name;
  if (typeof name !== 'string') return manageProblem(422, 'nameInvalid', t('ServiceCredentials.errors.nameInvalid', { name: String(name ?? '') }), 'name');
  try {
    const added = await addServiceCredential(env, id, name);
    const answer = { id, name: added.name, created_at: added.createdAt, secret: added.secret, in_force: added.inForce, message: t(`ServiceCredentials.inForce.${added.inForce}`) };
    return manageJson(answer, 201);
  } catch (error) {
    return problem(error, t);
  }
}

/** DELETE /manage/v1/packages/services/{id}/credentials/{name} */
export async function deleteCredential(_request: Request, { t, env }: ManageContext, route: unknown): Promise<Response> {
  const { id, name = '' } = await (route as Params).params;
  try {
    const { inForce } = await revokeServiceCredential(env, id, name);
    return manageJson({ id, name, in_force: inForce, message: t(`ServiceCredentials.inForce.${inForce}`) });
  } catch (error) {
    return problem(error, t);
  }
}
