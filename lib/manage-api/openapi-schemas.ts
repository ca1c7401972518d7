import { STORAGE_TYPE_IDS } from '@/lib/storage/registry';
import { STORAGE_SERVERS } from '@/lib/storage/server';
import { SETTINGS_FIELDS } from '@/lib/settings/fields';
import type { StorageField } from '@/lib/storage/types';
import { HEALTH_SCHEMAS } from './openapi-health';
import { nestDottedNames, nestedGroups } from './nested-names';
import { METRICS_TOKEN_SCHEMAS } from './openapi-metrics';
import { HISTORY_SCHEMAS } from './openapi-history';
import { PHASE_NAMES, RUNS_SCHEMAS } from './openapi-runs';
import { SERVICES_SCHEMAS } from './openapi-services';

// JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the Manage API's bodies. The integration test
// validates every real response against these, so the document cannot drift from the code.

const string = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;

const issue = {
  type: 'object',
  additionalProperties: false,
  required: ['field', 'code', 'message'],
  properties: { field: nullableString, code: string, message: string, policy: { ...string, description: 'A policy document that fixes it, to apply as is: a role’s trust policy, or the policy of the network endpoint that denied a permission (S3: the gateway VPC endpoint policy, for vpcEndpointDenied)' } },
};

const identity = {
  type: 'object',
  additionalProperties: false,
  description: 'Who the check ran as and where its credentials came from; never a secret or a session token',
  required: ['mode', 'source', 'summary'],
  properties: {
    mode: { ...string, description: 'How the storage was authenticated: a choice of the storage type’s authentication setting' },
    source: { ...string, description: 'Where the credentials came from: the settings, or the link of the server’s own credential chain that gave them' },
    principal: { ...string, description: 'Who the storage service said the check ran as, when it said' },
    expiresAt: { ...timestamp, description: 'When the temporary credentials expire' },
    // Each storage type's own details (identifiers, never secrets).
    ...Object.fromEntries(STORAGE_SERVERS.flatMap((server) => Object.entries(server.identityFields)).map(([name, description]) => [name, { ...string, description }])),
    summary: { ...string, description: 'The same, said in the request’s language' },
  },
};

// Built from the storage types' field descriptors: a new type's fields appear here by themselves.
const fieldSchema = (field: StorageField) => (field.choices ? { type: 'string', enum: [...field.choices] } : string);
/** A group of nested settings (dotted API names: `ecosystems`), every key of it answered, any given in a change. */
const groupSchema = (properties: Record<string, unknown>, required: boolean) => ({
  type: 'object',
  additionalProperties: false,
  ...(required ? { required: Object.keys(properties) } : {}),
  properties,
});
const fieldSchemas = Object.fromEntries(SETTINGS_FIELDS.filter((field) => !field.secret).map((field) => [field.apiName, fieldSchema(field)]));
const groups = nestedGroups(SETTINGS_FIELDS.map((field) => field.apiName));
const packagesPropertiesOf = (required: boolean) =>
  Object.fromEntries(Object.entries(nestDottedNames(fieldSchemas)).map(([name, schema]) => [name, groups.has(name) ? groupSchema(schema as Record<string, unknown>, required) : schema]));
const packagesProperties = {
  enabled: { type: 'boolean' },
  blob_storage_type: { type: 'string', enum: [...STORAGE_TYPE_IDS] },
  ...packagesPropertiesOf(true),
};
const packagesChangeProperties = { ...packagesProperties, ...packagesPropertiesOf(false) };
const secretSetProperties = Object.fromEntries(SETTINGS_FIELDS.filter((field) => field.secret).map((field) => [`${field.apiName}_set`, { type: 'boolean' }]));
const secretProperties = Object.fromEntries(SETTINGS_FIELDS.filter((field) => field.secret).map((field) => [field.apiName, { ...string, description: 'Write-only' }]));

export const SCHEMAS = {
  Error: {
    type: 'object',
    required: ['message', 'errors'],
    properties: {
      message: string,
      errors: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
      run_id: { type: 'string', description: 'The run in progress (409 runInProgress)' },
      check: { $ref: '#/components/schemas/StorageCheck' },
    },
  },
  Issue: issue,
  SavedWithWarnings: {
    type: 'object',
    additionalProperties: false,
    required: ['message', 'warnings'],
    properties: { message: string, warnings: { type: 'array', items: { $ref: '#/components/schemas/Issue' } } },
  },
  Settings: {
    type: 'object',
    additionalProperties: false,
    required: ['packages', 'version'],
    properties: {
      version: { type: 'integer', minimum: 0, description: 'Bumped by every save; send it back in If-Match' },
      packages: {
        type: 'object',
        additionalProperties: false,
        required: [...Object.keys(packagesProperties), ...Object.keys(secretSetProperties)],
        properties: { ...packagesProperties, ...secretSetProperties },
      },
    },
  },
  SettingsUpdate: {
    type: 'object',
    additionalProperties: false,
    required: ['packages'],
    properties: {
      packages: {
        type: 'object',
        additionalProperties: false,
        description: 'Only the keys given change (in a group such as ecosystems, only its keys given). Secrets are write-only.',
        properties: { ...packagesChangeProperties, ...secretProperties },
      },
    },
  },
  StorageCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['ok', 'permissions', 'errors', 'warnings'],
    properties: {
      ok: { type: 'boolean' },
      permissions: { type: 'object', additionalProperties: { type: 'string', enum: ['pass', 'fail', 'not-run'] } },
      errors: { type: 'array', items: issue },
      warnings: { type: 'array', items: issue },
      proxy: { type: 'string', description: 'host:port of the outbound proxy (HTTPS_PROXY/HTTP_PROXY) the requests went through; absent without one' },
      identity,
    },
  },
  ApplyStarted: { type: 'object', additionalProperties: false, required: ['run_id'], properties: { run_id: string } },
  ApplyStatus: {
    type: 'object',
    additionalProperties: false,
    required: ['run_id', 'running', 'successful', 'settings_version', 'summary', 'phases', 'migration'],
    properties: {
      run_id: string,
      running: { type: 'boolean' },
      successful: { type: 'boolean' },
      settings_version: { type: ['integer', 'null'] },
      summary: string,
      phases: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'label', 'state', 'started_at', 'finished_at', 'error'],
          properties: {
            name: PHASE_NAMES,
            label: string,
            state: { type: 'string', enum: ['pending', 'running', 'done', 'failed'] },
            started_at: { ...timestamp, type: ['string', 'null'] },
            finished_at: { ...timestamp, type: ['string', 'null'] },
            error: {
              oneOf: [
                { type: 'null' },
                { type: 'object', additionalProperties: false, required: ['code', 'message'], properties: { code: string, message: string } },
              ],
            },
          },
        },
      },
      migration: { $ref: '#/components/schemas/RunMigration' },
    },
  },
  ApplyEvents: {
    type: 'object',
    additionalProperties: false,
    required: ['run_id', 'events'],
    properties: {
      run_id: string,
      events: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['timestamp', 'severity', 'phase', 'body'],
          properties: {
            timestamp,
            severity: { type: 'string', enum: ['INFO', 'WARNING', 'ERROR'] },
            phase: { type: ['string', 'null'], enum: [...PHASE_NAMES.enum, null] },
            body: string,
          },
        },
      },
    },
  },
  ...HEALTH_SCHEMAS,
  ...METRICS_TOKEN_SCHEMAS,
  ...HISTORY_SCHEMAS,
  ...SERVICES_SCHEMAS,
  ...RUNS_SCHEMAS,
} as const;
