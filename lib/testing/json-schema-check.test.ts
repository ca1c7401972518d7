import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from './json-schema-check';
import { OPENAPI_DOCUMENT } from '@/lib/manage-api/openapi';

const root = OPENAPI_DOCUMENT as unknown as Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('checkJsonSchema', () => {
  it('accepts a body that matches and names what does not', () => {
    const settings = { version: 1, packages: { enabled: true, blob_storage_type: 's3', service_url: 'https://s3.example.com', s3_bucket: 'b', aws_access_key: 'k', aws_secret_key_set: true, s3_region: '', s3_path_style: 'auto', s3_auth_mode: 'keys', s3_role_arn: '', s3_external_id: '', azure_container_name: '', azure_connection_string_set: false, ca_certificates: '', ecosystems: { 'container-registry': 'enabled', 'container-registry-anonymous-pulls': 'disabled', npm: 'enabled', 'npm-upstreaming': 'disabled', 'build-cache': 'read-only', 'build-cache-anonymous-reads': 'enabled' } } };
    expect(checkJsonSchema(settings, ref('Settings'), root)).toEqual([]);
    const leaking = { ...settings, packages: { ...settings.packages, aws_secret_key: 'x', s3_path_style: 'sideways' } };
    expect(checkJsonSchema(leaking, ref('Settings'), root)).toEqual(['$.packages.s3_path_style: "sideways" not in enum', '$.packages: unexpected aws_secret_key']);
    const badToggle = { ...settings, packages: { ...settings.packages, ecosystems: { 'container-registry': 'disabled', npm: 'on', 'build-cache': 'disabled' } } };
    expect(checkJsonSchema(badToggle, ref('Settings'), root)).toEqual(['$.packages.ecosystems: missing container-registry-anonymous-pulls', '$.packages.ecosystems: missing npm-upstreaming', '$.packages.ecosystems: missing build-cache-anonymous-reads', '$.packages.ecosystems.npm: "on" not in enum']);
    expect(checkJsonSchema({ message: 'm', errors: [{ field: 1, code: 'c', message: 'm' }] }, ref('Error'), root)).toEqual(['$.errors[0].field: integer is not ["string","null"]']);
  });

  it('handles oneOf with null and missing required keys', () => {
    const phase = { name: 'check', label: 'l', state: 'failed', started_at: null, finished_at: null, error: { code: 'c' } };
    const status = { run_id: 'r', running: false, successful: false, settings_version: null, summary: 's', phases: [phase], migration: null };
    expect(checkJsonSchema(status, ref('ApplyStatus'), root)).toEqual(['$.phases[0].error: matches 0 of oneOf']);
    expect(checkJsonSchema({ ...status, phases: [{ ...phase, error: null }] }, ref('ApplyStatus'), root)).toEqual([]);
    expect(checkJsonSchema({}, ref('ApplyStarted'), root)).toEqual(['$: missing run_id']);
  });

  it('describes a run that moves the packages: the new phases and the migration object', () => {
    const phase = { name: 'finalCopy', label: 'l', state: 'running', started_at: '2026-12-07T00:00:00Z', finished_at: null, error: null };
    const progress = { phase: 'copy', objects_done: 1, objects_total: 4, bytes_done: 10, bytes_total: 40, bytes_per_second: 2.5, seconds_left: 12, percent: 25, rate: '2 B/s' };
    const migration = { from: 's3://a', to: 's3://b', journal_run: 'r', ecosystems: [{ id: 'x', name: 'X', objects: 4, bytes: 40, size: '40 B' }], total: { objects: 4, bytes: 40, size: '40 B' }, progress, copied: 1, skipped: 0, verified: 0, failures: [{ key: 'k', code: 'missing', message: 'm' }], failure_count: 1 };
    const status = { run_id: 'r', running: true, successful: false, settings_version: 2, summary: 's', phases: [phase], migration };
    expect(checkJsonSchema(status, ref('ApplyStatus'), root)).toEqual([]);
    expect(checkJsonSchema({ ...status, phases: [{ ...phase, name: 'teleport' }] }, ref('ApplyStatus'), root)).toEqual(['$.phases[0].name: "teleport" not in enum']);
    expect(checkJsonSchema({ ...status, migration: { ...migration, progress: { ...progress, rate: 3 } } }, ref('ApplyStatus'), root)).toEqual(['$.migration: matches 0 of oneOf']);
    expect(checkJsonSchema({ ...status, migration: { ...migration, secret: 'x' } }, ref('ApplyStatus'), root)).toEqual(['$.migration: matches 0 of oneOf']);
    expect(checkJsonSchema({ migrate: 'yes' }, ref('ApplyOptions'), root)).toEqual(['$.migrate: string is not "boolean"']);
    expect(checkJsonSchema({ resume: '0123456789abcdef' }, ref('ApplyOptions'), root)).toEqual([]);
    expect(checkJsonSchema({ storage: { type: 't', target: 'x' }, ecosystems: [], total: { objects: 0, bytes: 0 } }, ref('StorageInventory'), root)).toEqual(['$.total: missing size']);
  });
});
