import { describe, expect, it } from 'vitest';
import { classifyError } from './classify-error';
import type { CheckRun } from './check-run';
import { foreignKeyOf, recordReadProof, type ReadProof } from './read-proof';
import { CheckReport } from '@/lib/storage/check/report';
import { S3_PERMISSIONS as PERMISSIONS } from '@/lib/storage/s3/type';

// What a read without an object of the check's own may conclude, per store and answer.

function s3Error(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

function statusAfter(serviceUrl: string, proof: ReadProof): string {
  const report = new CheckReport(PERMISSIONS);
  const run = { target: { serviceUrl }, report, classify: (error: unknown) => classifyError(error, { serviceUrl, region: 'us-east-1', timeoutMs: 1000, timedOut: false, cancelled: false }) };
  recordReadProof(run as unknown as CheckRun, proof);
  const row = report.finish(0).permissions.find((item) => item.permission === 's3:GetObject');
  return row?.code ? `${row.status}:${row.code}` : `${row?.status}`;
}

const AWS = 'https://s3.eu-west-1.amazonaws.com';
const CEPH = 'http://127.0.0.1:7480';
const missing = (outcome: ReadProof['outcome']): ReadProof => ({ key: '.console-check/x.missing', existing: false, outcome });
const existing = (outcome: ReadProof['outcome']): ReadProof => ({ key: 'v2/blobs/a', existing: true, outcome });

describe('recordReadProof', () => {
  it('NoSuchKey on a missing key proves s3:GetObject on Amazon S3 only', () => {
    expect(statusAfter(AWS, missing({ ok: false, error: s3Error('NoSuchKey', 404) }))).toBe('pass');
    expect(statusAfter(CEPH, missing({ ok: false, error: s3Error('NoSuchKey', 404) }))).toBe('not-run:notRunReadUnproven');
  });

  it('403 denies it on every store', () => {
    expect(statusAfter(AWS, missing({ ok: false, error: s3Error('AccessDenied', 403) }))).toBe('fail:permissionDenied');
    expect(statusAfter(CEPH, missing({ ok: false, error: s3Error('AccessDenied', 403) }))).toBe('fail:permissionDenied');
    expect(statusAfter(CEPH, existing({ ok: false, error: s3Error('AccessDenied', 403) }))).toBe('fail:permissionDenied');
  });

  it('an object already there: read proves it, gone meanwhile tells nothing', () => {
    expect(statusAfter(CEPH, existing({ ok: true, value: undefined }))).toBe('pass');
    expect(statusAfter(CEPH, existing({ ok: false, error: s3Error('InvalidRange', 416) }))).toBe('pass');
    expect(statusAfter(AWS, existing({ ok: false, error: s3Error('NotFound', 404) }))).toBe('not-run:notRunReadUnproven');
  });
});

describe('foreignKeyOf', () => {
  it("skips the check's own probes", () => {
    expect(foreignKeyOf(['.console-check/a', 'v2/blobs/b'])).toBe('v2/blobs/b');
    expect(foreignKeyOf(['.console-check/a'])).toBeNull();
    expect(foreignKeyOf([])).toBeNull();
  });
});
