import { SERVICE_IDS } from '@/lib/services/registry';
import { ECOSYSTEM_MODES } from '@/lib/services/ecosystem';
import { ECOSYSTEM_STATES, MAX_LOG_LINES } from '@/lib/services/status-file';
import type { CredentialsInForce } from '@/lib/services/credentials/credential-actions';

// The packages services' paths and schemas in the OpenAPI document (see openapi.ts, openapi-schemas.ts).

const IN_FORCE = ['refreshed', 'none', 'deferred', 'noConsole', 'failed'] as const satisfies readonly CredentialsInForce[];

const string = { type: 'string' } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const SERVICES_SCHEMAS = {
  PackagesServices: {
    type: 'object',
    additionalProperties: false,
    required: ['updated_at', 'stale', 'services'],
    properties: {
      updated_at: { ...nullableTime, description: 'When the console supervising the services last reported; null without a report' },
      stale: {
        type: ['object', 'null'],
        description: 'Why every service is shown stopped: no report yet, a report that cannot be read, or a console that is no longer running; null when the report is current',
        additionalProperties: false,
        required: ['code', 'message'],
        properties: { code: { type: 'string', enum: ['missing', 'unreadable', 'consoleGone'] }, message: string },
      },
      services: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'name', 'mode', 'state', 'state_label', 'public_url', 'storage', 'pid', 'started_at', 'uptime_seconds', 'restarts', 'last_restart_at', 'last_canary', 'connect'],
          properties: {
            id: { type: 'string', enum: [...SERVICE_IDS] },
            name: { ...string, description: 'The ecosystem’s name in the request’s language' },
            mode: { type: ['string', 'null'], enum: [...ECOSYSTEM_MODES, null], description: 'The ecosystem’s setting as the console applied it; null when no console reported' },
            state: { type: 'string', enum: [...ECOSYSTEM_STATES], description: 'crashed: exited unexpectedly and being restarted with backoff' },
            state_label: string,
            public_url: { ...string, description: 'The stable address users connect to' },
            storage: { type: ['string', 'null'], description: 'The storage the running instance uses (bucket, container); null when stopped' },
            pid: { type: ['integer', 'null'], minimum: 1 },
            started_at: nullableTime,
            uptime_seconds: { type: ['integer', 'null'], minimum: 0 },
            restarts: { type: 'integer', minimum: 0, description: 'Restarts after crashes of the current instance' },
            last_restart_at: nullableTime,
            last_canary: {
              type: ['object', 'null'],
              additionalProperties: false,
              required: ['at', 'run_id', 'ok', 'stored_keys'],
              properties: { at: { type: 'string', format: 'date-time' }, run_id: string, ok: { type: 'boolean' }, stored_keys: { type: 'array', items: string } },
            },
            connect: {
              type: 'array',
              description: 'What users run to use the ecosystem: each command with a sentence in the request’s language',
              items: { type: 'object', additionalProperties: false, required: ['text', 'command'], properties: { text: string, command: string } },
            },
          },
        },
      },
    },
  },
  PackagesServiceLogs: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'lines'],
    properties: { id: { type: 'string', enum: [...SERVICE_IDS] }, lines: { type: 'array', items: string, description: 'Oldest first; secrets were redacted when the lines were written' } },
  },
  PackagesServiceCredentials: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'credentials'],
    properties: {
      id: { type: 'string', enum: [...SERVICE_IDS] },
      credentials: {
        type: 'array',
        description: 'Never a secret',
        items: { type: 'object', additionalProperties: false, required: ['name', 'created_at'], properties: { name: string, created_at: { type: 'string', format: 'date-time' } } },
      },
    },
  },
  PackagesServiceCredentialCreated: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'created_at', 'secret', 'in_force', 'message'],
    properties: {
      id: { type: 'string', enum: [...SERVICE_IDS] },
      name: string,
      created_at: { type: 'string', format: 'date-time' },
      secret: { ...string, description: 'The generated secret (npm: the password of the account named `name`; build cache: a bearer token), shown this once' },
      in_force: { type: 'string', enum: [...IN_FORCE] },
      message: { ...string, description: 'in_force said in the request’s language' },
    },
  },
  PackagesServiceCredentialRevoked: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'in_force', 'message'],
    properties: { id: { type: 'string', enum: [...SERVICE_IDS] }, name: string, in_force: { type: 'string', enum: [...IN_FORCE] }, message: string },
  },
} as const;

type Json = (schema: string, description: string) => object;

export function servicesPaths(json: Json, parameters: object[], auth: object) {
  const error = (description: string) => json('Error', description);
  const idParameter = { name: 'id', in: 'path', required: true, description: 'The ecosystem', schema: { type: 'string', enum: [...SERVICE_IDS] } };
  return {
    '/packages/services': {
      get: {
        operationId: 'getPackagesServices',
        summary: 'Each ecosystem’s service as the console supervising it last reported it (all stopped when no running console reports)',
        parameters,
        responses: { '200': json('PackagesServices', 'The services'), ...auth },
      },
    },
    '/packages/services/{id}/logs': {
      get: {
        operationId: 'getPackagesServiceLogs',
        summary: 'The last lines of a service’s log',
        parameters: [
          ...parameters,
          { name: 'id', in: 'path', required: true, description: 'The ecosystem', schema: { type: 'string', enum: [...SERVICE_IDS] } },
          { name: 'lines', in: 'query', required: false, description: `How many lines (1 to ${MAX_LOG_LINES}, default 100)`, schema: { type: 'integer', minimum: 1, maximum: MAX_LOG_LINES } },
        ],
        responses: { '200': json('PackagesServiceLogs', 'The lines (none when the service has not logged yet)'), '400': error('lines is not a whole number from 1 to 1000'), '404': error('No such service'), ...auth },
      },
    },
    '/packages/services/{id}/credentials': {
      get: {
        operationId: 'getPackagesServiceCredentials',
        summary: 'The named write credentials of an ecosystem (registry and npm accounts, build-cache tokens), without their secrets',
        parameters: [...parameters, idParameter],
        responses: { '200': json('PackagesServiceCredentials', 'The credentials'), '404': error('No such ecosystem'), '500': error('The credentials file cannot be read'), ...auth },
      },
      post: {
        operationId: 'addPackagesServiceCredential',
        summary: 'Creates a credential with a generated secret, shown once in the answer; the running service is switched to it without downtime',
        parameters: [...parameters, idParameter],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { ...string, pattern: '^[a-z0-9._-]{1,64}$' } } } } } },
        responses: { '201': json('PackagesServiceCredentialCreated', 'Created'), '404': error('No such ecosystem'), '409': error('The name is taken'), '422': error('The name is not valid or is reserved'), ...auth },
      },
    },
    '/packages/services/{id}/credentials/{name}': {
      delete: {
        operationId: 'revokePackagesServiceCredential',
        summary: 'Revokes a credential; the running service is switched to the remaining ones without downtime',
        parameters: [...parameters, idParameter, { name: 'name', in: 'path', required: true, schema: string }],
        responses: { '200': json('PackagesServiceCredentialRevoked', 'Revoked'), '404': error('No such ecosystem or credential'), ...auth },
      },
    },
  };
}
