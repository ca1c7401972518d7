// The settings history in the Manage API's OpenAPI document: its paths and the JSON Schemas of its answers.

type Json = (schema: string, description: string) => object;

const string = { type: 'string' } as const;
const key = { type: 'string', description: 'The settings key, such as app.packages.enabled' } as const;
// A secret's change carries no value at all: the schema leaves no room for one.
const change = {
  description: 'One settings key that differs (or a secret in use that did not)',
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'secret', 'change', 'old', 'new'],
      properties: { key, secret: { type: 'boolean', enum: [false] }, change: { type: 'string', enum: ['changed'] }, old: string, new: string },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'secret', 'change'],
      properties: { key, secret: { type: 'boolean', enum: [true] }, change: { type: 'string', enum: ['changed', 'unchanged'] } },
    },
  ],
} as const;
const meta = {
  version: { type: 'integer', minimum: 1 },
  updated_at: { type: ['string', 'null'], format: 'date-time' },
  actor: { type: ['string', 'null'], description: 'console, api or cli; null when not recorded' },
  restored_from: { type: ['integer', 'null'], description: 'The version this one restores' },
} as const;

export const HISTORY_SCHEMAS = {
  KeyChange: change,
  SettingsHistory: {
    type: 'object',
    additionalProperties: false,
    required: ['versions'],
    properties: {
      versions: {
        type: 'array',
        description: 'Newest first: the last 50 saved versions, and the one in force whatever its age',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [...Object.keys(meta), 'current', 'in_force', 'run', 'previous', 'changes'],
          properties: {
            ...meta,
            current: { type: 'boolean', description: 'The version saved now' },
            in_force: { type: 'boolean', description: 'The version the packages service uses' },
            run: {
              type: ['object', 'null'],
              additionalProperties: false,
              required: ['id', 'state', 'source'],
              properties: { id: string, state: { type: 'string', enum: ['running', 'succeeded', 'failed'] }, source: { type: 'string', enum: ['console', 'api', 'cli'] } },
            },
            previous: { type: ['integer', 'null'], description: 'The version changes are counted from' },
            changes: { type: 'array', items: { $ref: '#/components/schemas/KeyChange' } },
          },
        },
      },
    },
  },
  SettingsVersion: {
    type: 'object',
    additionalProperties: false,
    required: [...Object.keys(meta), 'packages'],
    properties: {
      ...meta,
      packages: { $ref: '#/components/schemas/Settings/properties/packages' },
      compared_to: { type: 'integer', minimum: 1 },
      changes: { type: 'array', items: { $ref: '#/components/schemas/KeyChange' } },
    },
  },
  RestoreRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      confirm_storage_change: { type: 'boolean', description: 'Needed when the version’s storage differs from the one in use' },
      copy_packages: { type: 'boolean', description: 'With a storage change: copy the packages from the storage in use to the version’s first (the run’s inventory, copy, verify and final copy phases)' },
    },
  },
} as const;

export function historyPaths(json: Json, error: (description: string) => object, auth: object, acceptLanguage: object) {
  const versionParameter = { name: 'version', in: 'path', required: true, description: 'A kept settings version', schema: { type: 'integer', minimum: 1 } };
  const etag = { ETag: { schema: string } };
  return {
    '/config/settings/history': {
      get: {
        operationId: 'getSettingsHistory',
        summary: 'The kept settings versions, newest first, each with what changed from the one kept before it (secrets as changed/unchanged)',
        parameters: [acceptLanguage],
        responses: { '200': { ...json('SettingsHistory', 'The history; ETag is the current version'), headers: etag }, ...auth },
      },
    },
    '/config/settings/history/{version}': {
      get: {
        operationId: 'getSettingsVersion',
        summary: 'One kept version (secrets as set/unset); with compare_to, what changed from that version to this one',
        parameters: [acceptLanguage, versionParameter, { name: 'compare_to', in: 'query', required: false, description: 'Another kept version', schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': json('SettingsVersion', 'The version'), '404': error('The version is not kept'), '422': error('Malformed version or compare_to'), ...auth },
      },
    },
    '/config/settings/history/{version}/restore': {
      post: {
        operationId: 'restoreSettingsVersion',
        summary: 'Save a new version equal to this one (secrets included) and apply it in a configuration run; a failed storage check writes nothing',
        parameters: [acceptLanguage, versionParameter, { name: 'If-Match', in: 'header', required: false, description: 'The current version', schema: string }],
        requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/RestoreRequest' } } } },
        responses: {
          '202': json('ApplyStarted', 'The run started; follow it with GET /config/apply?run_id='),
          '400': error('Malformed JSON or If-Match'),
          '404': error('The version is not kept'),
          '409': error('A configuration run is in progress, or the storage change must be confirmed (confirm_storage_change)'),
          '412': error('If-Match does not name the current version'),
          '413': error('Body over 64 KB'),
          '415': error('Body is not application/json'),
          '422': error('Malformed version or body, or the version is not valid under today’s rules'),
          ...auth,
        },
      },
    },
  };
}
