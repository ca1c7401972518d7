import { HEALTH_OPERATIONS, HEALTH_STATES } from '@/lib/health/types';

// JSON Schemas of the storage health answers (see openapi-schemas.ts).

const string = { type: 'string' } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const state = { type: 'string', enum: HEALTH_STATES } as const;
const cause = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: ['notConfigured', 'notChecked', 'allPassed', 'operationFailed', 'slowOperation', 'certificateExpiring', 'configUnreadable'] },
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

export const HEALTH_SCHEMAS = {
  StorageHealth: {
    type: 'object',
    additionalProperties: false,
    required: ['state', 'cause', 'checked_at', 'operations', 'certificate_expires_at', 'history_url'],
    properties: {
      state,
      cause,
      checked_at: nullableTime,
      operations: { type: 'array', items: operation },
      certificate_expires_at: nullableTime,
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
          required: ['checked_at', 'state', 'cause', 'operations', 'certificate_expires_at'],
          properties: { checked_at: { type: 'string', format: 'date-time' }, state, cause, operations: { type: 'array', items: operation }, certificate_expires_at: nullableTime },
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
