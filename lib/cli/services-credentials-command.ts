import 'server-only';
import { readConsoleEnv } from '@/lib/env';
import { addServiceCredential, credentialErrorText, revokeServiceCredential } from '@/lib/services/credentials/credential-actions';
import { CredentialError } from '@/lib/services/credentials/errors';
import { listCredentials } from '@/lib/services/credentials/store';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage-error';
import { runText } from './run-messages';

// `cli services credentials add|list|revoke ECOSYSTEM [NAME] [--json]`: the same actions as the Manage API's
// /packages/services/{id}/credentials. A new secret is printed once, to stdout only.

export const CREDENTIALS_HELP = `Usage: cli services credentials list ECOSYSTEM [--json]
       cli services credentials add ECOSYSTEM NAME [--json]
       cli services credentials revoke ECOSYSTEM NAME [--json]

Named write credentials of an ecosystem: container-registry accounts (NAME and the secret for skopeo login
or docker login; pulls need one too), npm accounts (NAME is the user name, the secret its password:
npm login --auth-type=legacy), build-cache bearer tokens (TURBO_TOKEN). "add" prints the generated secret
once; it is stored sealed and never shown again. A running console switches the service to the change
without downtime. Exit status: 0 done, 1 refused (name taken, not found, unreadable file), 2 usage error.`;

const t = runText;

function refused(error: unknown, json: boolean): number {
  if (!(error instanceof CredentialError)) throw error;
  const message = credentialErrorText(error, t);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code: error.code, message } }, null, 2)}\n`);
  process.stderr.write(`${message}\n`);
  return error.code === 'unknownEcosystem' || error.code === 'nameRequired' || error.code === 'nameInvalid' || error.code === 'nameReserved' ? EXIT_USAGE : EXIT_FAILED;
}

export async function servicesCredentialsCommand(args: string[], json: boolean): Promise<number> {
  const [action, ecosystem, name, ...extra] = args;
  const arity = action === 'list' ? 2 : 3;
  if (!['list', 'add', 'revoke'].includes(action ?? '') || args.length !== arity || extra.length > 0 || !ecosystem) {
    process.stderr.write(`${CREDENTIALS_HELP}\n`);
    return EXIT_USAGE;
  }
  const env = readConsoleEnv();
  try {
    if (action === 'list') {
      const credentials = await listCredentials(env, ecosystem);
      const body = { id: ecosystem, credentials: credentials.map((credential) => ({ name: credential.name, created_at: credential.createdAt })) };
      process.stdout.write(json ? `${JSON.stringify(body, null, 2)}\n` : credentials.map((credential) => `${credential.name}  ${credential.createdAt}\n`).join(''));
      return EXIT_OK;
    }
    if (action === 'add') {
      const added = await addServiceCredential(env, ecosystem, name!);
      const inForce = t(`ServiceCredentials.inForce.${added.inForce}`);
      const body = { id: ecosystem, name: added.name, created_at: added.createdAt, secret: added.secret, in_force: added.inForce, message: inForce };
      process.stdout.write(json ? `${JSON.stringify(body, null, 2)}\n` : `${added.secret}\n`);
      if (!json) process.stderr.write(`Credential ${added.name} of ${ecosystem} created; its secret (above) is shown this once. ${inForce}\n`);
      return EXIT_OK;
    }
    const { inForce } = await revokeServiceCredential(env, ecosystem, name!);
    const message = t(`ServiceCredentials.inForce.${inForce}`);
    process.stdout.write(json ? `${JSON.stringify({ id: ecosystem, name, in_force: inForce, message }, null, 2)}\n` : `Credential ${name} of ${ecosystem} revoked. ${message}\n`);
    return EXIT_OK;
  } catch (error) {
    return refused(error, json);
  }
}
