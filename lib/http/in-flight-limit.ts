// Counts work in flight per client and in total, and refuses more beyond either limit. A storage check
// can be pointed at a host that never answers, so each one holds a slot until its deadline.

export interface InFlightLimit {
  /** A release function (call it once, when the work ends), or null when a limit is reached. */
  tryAcquire(client: string): (() => void) | null;
  inFlight(client?: string): number;
}

export function createInFlightLimit({ perClient, total }: { perClient: number; total: number }): InFlightLimit {
  const counts = new Map<string, number>();
  let all = 0;
  return {
    tryAcquire(client) {
      const mine = counts.get(client) ?? 0;
      if (mine >= perClient || all >= total) return null;
      counts.set(client, mine + 1);
      all += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        all -= 1;
        const left = (counts.get(client) ?? 1) - 1;
        if (left > 0) counts.set(client, left);
        else counts.delete(client);
      };
    },
    inFlight: (client) => (client === undefined ? all : (counts.get(client) ?? 0)),
  };
}
