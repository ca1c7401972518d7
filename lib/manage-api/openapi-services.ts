import { SERVICE_IDS } from '@/lib/services/registry';
import { ECOSYSTEM_MODES } from '@/lib/services/ecosystem';
import { ECOSYSTEM_STATES, MAX_LOG_LINES } from '@/lib/services/status-file';

// The packages services' paths and schemas in the OpenAPI document (see openapi.ts, openapi-schemas.ts).

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
} as const;

type Json = (schema: string, description: string) => object;

export function servicesPaths(json: Json, parameters: object[], auth: object) {
  const error = (description: string) => json('Error', description);
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
  };
}
