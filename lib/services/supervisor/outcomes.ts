// What a configuration run learns from the supervisor at each step, by ecosystem: plain data, so it
// crosses the control socket (control-socket.ts) unchanged when the run is in another process.

/** A storage address the service's own process refused to connect to (the reserved-address preload). */
export interface RefusedAddress {
  host: string;
  address: string;
}

/** After staging: a new instance beside the serving one, none needed (disabled), or why it did not start. */
export type StageOutcome =
  | { id: string; action: 'started'; port: number; pid: number | null }
  | { id: string; action: 'stop' }
  | { id: string; action: 'none' }
  | { id: string; action: 'failed'; code: 'notReady' | 'startFailed' | 'reservedAddress'; detail: string; refused?: RefusedAddress };

/** The canary through a staged instance: where its bytes were found, or what went wrong (no secret in `detail`). */
export type ProveOutcome = { id: string; ok: true; storedKeys: string[] } | { id: string; ok: false; detail: string; leftovers: string[]; refused?: RefusedAddress };

/** After the switch: what each ecosystem is now. */
export interface CommitOutcome {
  id: string;
  mode: string;
}

/**
 * After a credentials refresh: the ecosystem switched to a new instance rendered with the credentials as
 * they are now, had nothing serving (none), or had a run staged (deferred: refreshed after its commit).
 */
export interface RefreshOutcome {
  id: string;
  action: 'refreshed' | 'none' | 'deferred';
}

/** The staged settings of a run, secrets opened: given to the supervisor by whoever starts it (it never reads config-run's files itself). */
export type StagedSettingsLoader<Settings> = (runId: string) => Promise<Settings>;

/** The steps a configuration run takes with the supervisor, in its process or through the control socket (lib/services/gateway.ts). */
export interface ServicesGateway {
  stageRun(runId: string): Promise<StageOutcome[]>;
  proveRun(runId: string): Promise<ProveOutcome[]>;
  commitRun(runId: string): Promise<CommitOutcome[]>;
  discardRun(runId: string): Promise<void>;
  /** Every ecosystem read-only for the run, for `ttlMs` unless renewed by calling again (a storage move's final copy). */
  holdWrites(runId: string, ttlMs: number): Promise<void>;
  releaseWrites(runId: string): Promise<void>;
  /** After an ecosystem's credentials changed (lib/services/credentials/): its serving instance replaced, without downtime. */
  refreshCredentials(id: string): Promise<RefreshOutcome>;
}
