import { randomBytes, randomUUID } from 'node:crypto';
import { PROBE_PREFIX } from './probe-prefix';

/** A new probe: a fresh name under the probe prefix, its id (for the type's related names) and its content. */
export function newProbe(): { id: string; name: string; body: string } {
  const id = randomUUID();
  // Random content, so a read that returns a cached or foreign object is caught.
  return { id, name: `${PROBE_PREFIX}${id}`, body: `console storage check ${randomBytes(16).toString('hex')}\n` };
}
