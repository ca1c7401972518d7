// A configuration run's hold on every front's writes (a storage move's final copy): uploads refused,
// downloads served, until the run releases it or `ttlMs` passes without a renewal, so a run whose
// process died never leaves the registries read-only. One run holds at a time.

export interface HoldableFront {
  writesHeld: boolean;
}

export class WriteHold {
  private held: { runId: string; expiry: NodeJS.Timeout } | null = null;

  constructor(
    private readonly fronts: () => Iterable<HoldableFront>,
    private readonly changed: () => void,
  ) {}

  get runId(): string | null {
    return this.held?.runId ?? null;
  }

  /** Holds writes for the run, or renews its hold; another run's hold is refused. */
  hold(runId: string, ttlMs: number): void {
    if (this.held && this.held.runId !== runId) throw new Error(`writes are held by run ${this.held.runId}`);
    if (this.held) clearTimeout(this.held.expiry);
    const expiry = setTimeout(() => this.release(runId), ttlMs);
    expiry.unref();
    this.held = { runId, expiry };
    this.set(true);
  }

  release(runId: string): void {
    if (this.held?.runId !== runId) return;
    clearTimeout(this.held.expiry);
    this.held = null;
    this.set(false);
  }

  private set(value: boolean): void {
    for (const front of this.fronts()) front.writesHeld = value;
    this.changed();
  }
}
