import { ALL_PHASES } from '@/lib/config-run/types';

// Configuration runs that move the packages, in the Manage API's OpenAPI document: a run by its ID,
// cancelling it, the inventory of the storage in force, and the JSON Schemas of their answers.

type Json = (schema: string, description: string) => object;

const string = { type: 'string' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const sized = { objects: count, bytes: count, size: { ...string, description: 'The bytes for people (binary units)' } } as const;

export const PHASE_NAMES = { type: 'string', enum: [...ALL_PHASES], description: 'inventory, copy, copyVerify and finalCopy only in a run that moves the packages' } as const;

const ecosystems = {
  type: 'array',
  items: { type: 'object', additionalProperties: false, required: ['id', 'name', 'objects', 'bytes', 'size'], properties: { id: string, name: string, ...sized } },
} as const;
const total = { type: 'object', additionalProperties: false, required: ['objects', 'bytes', 'size'], properties: sized } as const;

const progress = {
  description: 'Live progress of the copy or of a verify (saved at most once a second); null before the copy',
  oneOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['phase', 'objects_done', 'objects_total', 'bytes_done', 'bytes_total', 'bytes_per_second', 'seconds_left', 'percent', 'rate'],
      properties: {
        phase: { type: 'string', enum: ['copy', 'verify'] },
        objects_done: count,
        objects_total: count,
        bytes_done: count,
        bytes_total: count,
        bytes_per_second: { type: 'number', minimum: 0 },
        seconds_left: { type: ['number', 'null'], description: 'null while unknown' },
        percent: { type: 'integer', minimum: 0, maximum: 100 },
        rate: { ...string, description: 'bytes_per_second for people' },
      },
    },
  ],
} as const;

export const RUNS_SCHEMAS = {
  RunMigration: {
    description: 'The move of the packages to the new storage, in a run that makes one; null otherwise',
    oneOf: [
      { type: 'null' },
      {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to', 'journal_run', 'ecosystems', 'total', 'progress', 'copied', 'skipped', 'verified', 'failures', 'failure_count'],
        properties: {
          from: { ...string, description: 'The storage in force, as the CLI names it (no secret)' },
          to: { ...string, description: 'The new storage, as the CLI names it (no secret)' },
          journal_run: { ...string, description: 'The run whose copy manifest this one continues: itself, or the failed run it resumes' },
          ecosystems,
          total,
          progress,
          copied: count,
          skipped: { ...count, description: 'Already on the new storage and proven (a resume)' },
          verified: count,
          failures: {
            type: 'array',
            description: 'The first objects that could not be copied or proven',
            items: { type: 'object', additionalProperties: false, required: ['key', 'code', 'message'], properties: { key: string, code: string, message: string } },
          },
          failure_count: count,
        },
      },
    ],
  },
  ApplyOptions: {
    type: 'object',
    additionalProperties: false,
    description: 'Optional; without it the saved settings are applied as they are. migrate and resume exclude each other',
    properties: {
      migrate: { type: 'boolean', description: 'Copy the packages from the storage in force to the new storage (inventory, copy, verify, final copy with uploads held) before switching' },
      resume: { ...string, pattern: '^[0-9a-f]{16}$', description: 'Continue the copy of this failed run: objects already proven are not copied again' },
    },
  },
  CancelRequested: { type: 'object', additionalProperties: false, required: ['run_id', 'message'], properties: { run_id: string, message: string } },
  StorageInventory: {
    type: 'object',
    additionalProperties: false,
    required: ['storage', 'ecosystems', 'total'],
    properties: {
      storage: { type: 'object', additionalProperties: false, required: ['type', 'target'], properties: { type: string, target: { ...string, description: 'The storage as the CLI names it (no secret)' } } },
      ecosystems,
      total,
    },
  },
} as const;

const idParameter = { name: 'id', in: 'path', required: true, description: 'A run ID (16 hexadecimal digits)', schema: string };

export function runsPaths(json: Json, error: (description: string) => object, parameters: object[], auth: object) {
  return {
    '/config/runs/{id}': {
      get: {
        operationId: 'getConfigRun',
        summary: 'A configuration run: its phases and, for a move of the packages, the copy (live progress while it runs)',
        parameters: [...parameters, idParameter],
        responses: { '200': json('ApplyStatus', 'The run'), '404': error('No such run'), ...auth },
      },
    },
    '/config/runs/{id}/cancel': {
      post: {
        operationId: 'cancelConfigRun',
        summary: 'Cancel a running configuration run: it stops at its next step, records the phase failure cancelled, and the storage in force stays',
        parameters: [...parameters, idParameter],
        responses: { '202': json('CancelRequested', 'Cancellation requested'), '404': error('No such run'), '409': error('runNotRunning: the run has already finished'), ...auth },
      },
    },
    '/config/storage/inventory': {
      get: {
        operationId: 'getStorageInventory',
        summary: 'What moving the packages would copy: each ecosystem’s objects and bytes in the storage in force (a listing only)',
        parameters,
        responses: {
          '200': json('StorageInventory', 'The inventory'),
          '409': error('notApplied or packagesOff: no packages storage is in force'),
          '502': error('listFailed: the storage in force could not be listed (the cause in the message)'),
          ...auth,
          '503': error('appliedUnreadable: the applied configuration cannot be read; or as the other routes'),
        },
      },
    },
  };
}
