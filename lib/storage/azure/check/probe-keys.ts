import { newProbe } from '@/lib/storage/check/probe-name';

export interface ProbeNames {
  /** Written by Put Blob, read by Get Blob; a delete of it before it exists proves Delete Blob. */
  blob: string;
  /** Built from a staged block: Put Block, Get Block List, Put Block List. */
  blockBlob: string;
  blockId: string;
  body: string;
}

export function newProbeNames(): ProbeNames {
  const { id, name, body } = newProbe();
  // Block IDs are base64 of equal-length strings within a blob.
  return { blob: name, blockBlob: `${name}.blocks`, blockId: Buffer.from(`console-check-${id.slice(0, 8)}`).toString('base64'), body };
}
