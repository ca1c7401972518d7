import type { EcosystemMode } from './types';

// What the supervisor (in the console's server process) publishes about each ecosystem, in
// data/services/status.json: the Services page, the Manage API and the CLI (another process) read it.

export type EcosystemState = 'running' | 'starting' | 'read-only' | 'stopped' | 'crashed';

export interface CanaryRecord {
  at: string;
  runId: string;
  ok: boolean;
  /** Storage keys the canary's bytes were found under (language-neutral). */
  storedKeys: string[];
}

export interface EcosystemStatusRecord {
  /** The ecosystem's id (settings key suffix, folder name under lib/services/). */
  id: string;
  mode: EcosystemMode;
  state: EcosystemState;
  /** The stable address users connect to (the front), e.g. http://127.0.0.1:4873. */
  publicUrl: string;
  /** Language-neutral label of the storage the running instance uses (bucket, container…), null when stopped. */
  storage: string | null;
  pid: number | null;
  /** When the running instance started (ISO 8601), null when stopped. */
  startedAt: string | null;
  /** Restarts after crashes of the current instance, and the last one. */
  restarts: number;
  lastRestartAt: string | null;
  lastCanary: CanaryRecord | null;
}

export interface ServicesStatusFile {
  format: 1;
  updatedAt: string;
  /** The console process that supervises the services (status of a dead console is stale). */
  consolePid: number;
  ecosystems: EcosystemStatusRecord[];
}
