import { randomUUID } from 'node:crypto';
import { newProbe } from '@/lib/storage/check/probe-name';
import { PROBE_PREFIX } from '@/lib/storage/check/probe-prefix';

export { PROBE_PREFIX };

export interface ProbeKeys {
  objectKey: string;
  uploadKey: string;
  /** A key never written: reading it proves s3:GetObject when there is no object of our own to read. */
  missingKey: string;
  /** An upload id no store will know: aborting it tests the permission without touching anything. */
  fakeUploadId: string;
  body: string;
}

export function newProbeKeys(): ProbeKeys {
  const { name, body } = newProbe();
  return { objectKey: name, uploadKey: `${name}.multipart`, missingKey: `${name}.missing`, fakeUploadId: `console-check-${randomUUID()}`, body };
}
