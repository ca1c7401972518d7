import { HEALTH_OPERATIONS, HEALTH_STATES, SERVICE_PROBE_ERRORS } from '@/lib/health/types';
import { ECOSYSTEM_MODES } from '@/lib/services/ecosystem';
import { ECOSYSTEM_STATES } from '@/lib/services/status-file';

// JSON Schemas of the storage health answers (see openapi-schemas.ts).

const string = { type: 'string' } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const state = { type: 'string', enum: HEALTH_STATES } as const;
const cause = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: ['notConfigured', 'notChecked', 'allPassed', 'operationFailed', 'slowOperation', 'certificateExpiring', 'configUnreadable', 'serviceDown'] },
    message: string,
  },
} as const;
const operation = {
  type: 'object',
  additionalProperties: false,
  required: ['operation', 'status', 'code', 'message', 'latency_ms'],
  properties: {
    operation: { type: 'string', enum: HEALTH_OPERATIONS },
    status: { type: 'string', enum: ['pass', 'fail', 'not-run'] },
    code: { type: ['string', 'null'], description: 'The storage check’s code for a failed or skipped operation' },
    message: { type: ['string', 'null'] },
    latency_ms: { type: ['integer', 'null'], minimum: 0 },
  },
} as const;

const serviceProbe = {
  type: 'object',
  additionalProperties: false,
  required: ['ecosystem', 'name', 'up', 'latency_ms', 'mode', 'state', 'restarts', 'error', 'http_status', 'message'],
  description: 'A packages service set to Enabled or Read-Only, requested at its public URL without credentials',
  properties: {
    ecosystem: { type: 'string', description: 'The ecosystem id (app.packages.ecosystems.<id>)' },
    name: string,
    up: { type: 'boolean' },
    latency_ms: { type: 'integer', minimum: 0, description: 'How long the request took, answered or failed' },
    mode: { type: 'string', enum: ECOSYSTEM_MODES.filter((mode) => mode !== 'disabled') },
    state: { type: 'string', enum: ECOSYSTEM_STATES, description: 'What the console’s supervisor reported when probed' },
    restarts: { type: 'integer', minimum: 0 },
    error: { type: ['string', 'null'], enum: [...SERVICE_PROBE_ERRORS, null] },
    http_status: { type: ['integer', 'null'], description: 'The status answered, when error is httpStatus' },
    message: { type: ['string', 'null'], description: 'Why it is down, in the request’s language' },
  },
} as const;
const services = { type: 'array', items: serviceProbe, description: 'Empty for checks made before the services were probed' } as const;

export const HEALTH_SCHEMAS = {
  StorageHealth: {
    type: 'object',
    additionalProperties: false,
    required: ['state', 'cause', 'checked_at', 'operations', 'certificate_expires_at', 'services', 'history_url'],
    properties: {
      state,
      cause,
      checked_at: nullableTime,
      operations: { type: 'array', items: operation },
      certificate_expires_at: nullableTime,
      services,
      history_url: string,
    },
  },
  StorageHealthHistory: {
    type: 'object',
    additionalProperties: false,
    required: ['since', 'checks', 'changes'],
    properties: {
      since: nullableTime,
      checks: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['checked_at', 'state', 'cause', 'operations', 'certificate_expires_at', 'services'],
          properties: {
            checked_at: { type: 'string', format: 'date-time' },
            state,
            cause,
            operations: { type: 'array', items: operation },
            certificate_expires_at: nullableTime,
            services,
          },
        },
      },
      changes: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['at', 'from', 'to', 'cause'],
          properties: { at: { type: 'string', format: 'date-time' }, from: state, to: state, cause },
        },
      },
    },
  },
} as const;
