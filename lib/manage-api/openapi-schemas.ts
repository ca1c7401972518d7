// JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the Manage API's bodies. The integration test
// validates every real response against these, so the document cannot drift from the code.

const string = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;

const issue = {
  type: 'object',
  additionalProperties: false,
  required: ['field', 'code', 'message'],
  properties: { field: nullableString, code: string, message: string },
};

const packagesProperties = {
  enabled: { type: 'boolean' },
  blob_storage_type: { type: 'string', enum: ['s3'] },
  service_url: { type: 'string', description: 'https:// URL of the S3 endpoint (http:// only on loopback)' },
  s3_bucket: string,
  aws_access_key: string,
  s3_region: { type: 'string', description: 'Console extension; empty = derived from the service URL' },
  s3_path_style: { type: 'string', enum: ['auto', 'path', 'virtual'], description: 'Console extension' },
};

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
        required: ['enabled', 'blob_storage_type', 'service_url', 's3_bucket', 'aws_access_key', 'aws_secret_key_set', 's3_region', 's3_path_style'],
        properties: { ...packagesProperties, aws_secret_key_set: { type: 'boolean' } },
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
        description: 'Only the keys given change. aws_secret_key is write-only.',
        properties: { ...packagesProperties, aws_secret_key: string },
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
    },
  },
  ApplyStarted: { type: 'object', additionalProperties: false, required: ['run_id'], properties: { run_id: string } },
  ApplyStatus: {
    type: 'object',
    additionalProperties: false,
    required: ['run_id', 'running', 'successful', 'settings_version', 'summary', 'phases'],
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
            name: { type: 'string', enum: ['validate', 'check', 'write', 'apply', 'verify'] },
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
            phase: { type: ['string', 'null'], enum: ['validate', 'check', 'write', 'apply', 'verify', null] },
            body: string,
          },
        },
      },
    },
  },
} as const;
