import { metricsTokenPaths } from './openapi-metrics';
import { historyPaths } from './openapi-history';
import { runsPaths } from './openapi-runs';
import { SCHEMAS } from './openapi-schemas';
import { servicesPaths } from './openapi-services';

// The Manage API described as OpenAPI 3.1, served at /manage/v1/openapi.json.

const json = (schema: string, description: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });
const error = (description: string) => json('Error', description);
const AUTH = {
  '401': error('No, malformed or wrong credentials, or sign-in locked (then with Retry-After)'),
  '429': error('signInBusy: too many wrong passwords from addresses with no failures are waiting for their answers, so this one was not checked (with Retry-After)'),
  '503': error('The root password or settings file cannot be read, the data directory cannot be written (read-only, full), or another process is saving the settings (then with Retry-After)'),
};
const runIdParameter = {
  name: 'run_id',
  in: 'query',
  required: false,
  description: 'A run ID (16 hexadecimal digits); the latest run when omitted',
  schema: { type: 'string', pattern: '^[0-9a-f]{16}$' },
};
const acceptLanguage = { name: 'Accept-Language', in: 'header', required: false, description: 'en, zh or fr for messages (default en)', schema: { type: 'string' } };

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Packages Storage Management Console — Manage API',
    version: '1.0.0',
    description: 'Modelled on the GitHub Enterprise Server Manage API. Basic authentication with the user api_key and the root site administrator password; failures count towards the sign-in lockout.',
  },
  servers: [{ url: '/manage/v1' }],
  security: [{ basicAuth: [] }],
  paths: {
    '/config/settings': {
      get: {
        operationId: 'getSettings',
        summary: 'The packages settings (never the secret key)',
        parameters: [acceptLanguage],
        responses: { '200': { ...json('Settings', 'The settings; ETag is the version'), headers: { ETag: { schema: { type: 'string' } } } }, ...AUTH },
      },
      put: {
        operationId: 'putSettings',
        summary: 'Change some packages settings; validated and, when enabled, storage-checked before saving (not applied)',
        parameters: [acceptLanguage, { name: 'If-Match', in: 'header', required: false, description: 'The version the change is based on', schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SettingsUpdate' } } } },
        responses: {
          '200': { ...json('SavedWithWarnings', 'Saved, but with warnings (the audit log entry could not be written); ETag is the new version'), headers: { ETag: { schema: { type: 'string' } } } },
          '204': { description: 'Saved; ETag is the new version', headers: { ETag: { schema: { type: 'string' } } } },
          '400': error('Malformed JSON or If-Match'),
          '409': error('A configuration run is in progress, or the settings changed during the check'),
          '412': error('If-Match does not name the current version'),
          '413': error('Body over 64 KB'),
          '415': error('Body is not application/json'),
          '422': error('Field errors, or the storage check failed (then with check)'),
          ...AUTH,
        },
      },
    },
    ...historyPaths(json, error, AUTH, acceptLanguage),
    '/config/storage/check': {
      post: {
        operationId: 'checkStorage',
        summary: 'Check the saved storage settings, or the saved ones with the given keys laid over them; saves nothing',
        parameters: [acceptLanguage],
        requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/SettingsUpdate' } } } },
        responses: { '200': json('StorageCheck', 'The check ran (ok says whether it passed)'), '400': error('Malformed JSON'), '415': error('Body is not application/json'), '422': error('Field errors'), ...AUTH, '429': error('Two checks of this API client are still running, or signInBusy (see the other routes); with Retry-After') },
      },
    },
    '/config/storage/health': {
      get: {
        operationId: 'getStorageHealth',
        summary: 'The latest scheduled health check of the storage in force (state unknown before the first)',
        parameters: [acceptLanguage],
        responses: { '200': json('StorageHealth', 'The latest check'), ...AUTH },
      },
    },
    '/config/storage/health/history': {
      get: {
        operationId: 'getStorageHealthHistory',
        summary: 'Kept health checks (7 days at most) and changes of state, oldest first',
        parameters: [
          acceptLanguage,
          { name: 'since', in: 'query', required: false, description: 'Only checks and changes at or after this time (ISO 8601)', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { '200': json('StorageHealthHistory', 'The history'), '422': error('Malformed since'), ...AUTH },
      },
    },
    '/config/apply': {
      post: {
        operationId: 'startConfigApply',
        summary: 'Apply the saved settings in a configuration run; with migrate (or resume) the packages are moved to the new storage first',
        parameters: [acceptLanguage],
        requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApplyOptions' } } } },
        responses: {
          '202': json('ApplyStarted', 'The run started (a resume the run cannot make fails in its validate phase)'),
          '400': error('Malformed JSON'),
          '409': error('A configuration run is in progress'),
          '413': error('Body over 64 KB'),
          '415': error('Body is not application/json'),
          '422': error('Unknown field, migrate not a boolean, resume not a run ID, or both migrate and resume'),
          ...AUTH,
        },
      },
      get: {
        operationId: 'getConfigApplyStatus',
        summary: 'Status of a configuration run and each of its phases',
        parameters: [acceptLanguage, runIdParameter],
        responses: { '200': json('ApplyStatus', 'The run'), '404': error('No such run (or no run yet)'), '422': error('Malformed run_id'), ...AUTH },
      },
    },
    '/config/apply/events': {
      get: {
        operationId: 'getConfigApplyEvents',
        summary: 'Events of a configuration run, oldest first',
        parameters: [acceptLanguage, runIdParameter],
        responses: { '200': json('ApplyEvents', 'The events'), '404': error('No such run (or no run yet)'), '422': error('Malformed run_id'), ...AUTH },
      },
    },
    ...runsPaths(json, error, [acceptLanguage], AUTH),
    ...metricsTokenPaths(json, [acceptLanguage], AUTH),
    ...servicesPaths(json, [acceptLanguage], AUTH),
  },
  components: {
    securitySchemes: { basicAuth: { type: 'http', scheme: 'basic', description: 'User api_key, password the root site administrator password' } },
    schemas: SCHEMAS,
  },
} as const;
