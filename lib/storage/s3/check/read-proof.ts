import 'server-only';
import { isAwsEndpoint } from '@/lib/storage/s3/endpoint';
import { errorName } from './classify-error';
import type { CheckRun } from './check-run';
import { PROBE_PREFIX } from './probe-keys';
import { record } from '@/lib/storage/check/record';
import { getObject, readFirstByte } from './probes';
import type { Outcome } from '@/lib/storage/check/outcome';

// s3:GetObject without an object of the check's own (PutObject denied, or not written because it could
// not be removed), proven by reading without writing. Needs s3:ListBucket: without it every store
// answers 403 for a missing key, whatever s3:GetObject says.
//
// - An object already in the bucket (seen by the list): read its first byte. Any store authorizes a
//   request on an existing object before answering, so an answer proves the permission, 403 denies it.
// - Otherwise a key that does not exist: 403 means denied everywhere. NoSuchKey proves the permission
//   only on Amazon S3, which authorizes before it looks a key up; Ceph RGW looks the key up first and
//   answers NoSuchKey even when s3:GetObject is denied, so elsewhere the row stays "not run".

/** A key from the bucket's listing that the check did not write (other checks' probes may vanish). */
export function foreignKeyOf(listed: string[]): string | null {
  return listed.find((key) => key !== '' && !key.startsWith(PROBE_PREFIX)) ?? null;
}

export interface ReadProof {
  key: string;
  existing: boolean;
  outcome: Outcome<unknown>;
}

export async function sendReadProof(run: CheckRun): Promise<ReadProof> {
  const { probe, keys, foreignKey } = run;
  if (foreignKey) return { key: foreignKey, existing: true, outcome: await readFirstByte(probe, foreignKey) };
  return { key: keys.missingKey, existing: false, outcome: await getObject(probe, keys.missingKey) };
}

export function recordReadProof(run: CheckRun, { existing, outcome }: ReadProof): void {
  const permission = 's3:GetObject';
  if (outcome.ok) return void run.report.pass(permission);
  const name = errorName(outcome.error);
  // An empty object has no first byte: the store authorized the read before saying so.
  if (existing && name === 'InvalidRange') return void run.report.pass(permission);
  const missing = name === 'NoSuchKey' || name === 'NotFound';
  if (!missing) return void record(run, permission, outcome);
  // An existing object gone meanwhile, or a missing key on a store that may look it up first.
  if (existing || !isAwsEndpoint(run.target.serviceUrl)) return run.report.notRun(permission, 'notRunReadUnproven');
  run.report.pass(permission);
}
