import { randomBytes, randomUUID } from 'node:crypto';

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
  const id = randomUUID();
  return {
    objectKey: `${PROBE_PREFIX}${id}`,
    uploadKey: `${PROBE_PREFIX}${id}.multipart`,
    missingKey: `${PROBE_PREFIX}${id}.missing`,
    fakeUploadId: `console-check-${randomUUID()}`,
    // Random content, so a GET that returns a cached or foreign object is caught.
    body: `console storage check ${randomBytes(16).toString('hex')}\n`,
  };
}
