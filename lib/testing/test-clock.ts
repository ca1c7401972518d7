import type { LoginClock } from '@/lib/auth/login-turns';

// Unit-test helper: a clock for password checks that the test owns. Its waits move the clock on at once
// (and take 20 ms of real time, so that the checks really do overlap); while held, they do not end at all,
// so a test can look at what was answered before any delay passed, however slow the machine is.

export interface TestClock extends LoginClock {
  /** Every wait asked for, in ms, in order. */
  waits: number[];
  /** Waits begun from now on end only after release(). */
  hold: () => void;
  release: () => void;
}

export function testClock(start: number): TestClock {
  let now = start;
  const waits: number[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      await gate;
      now += ms;
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
  };
}

/** Polls `done` every 10 ms of real time (for at most `limitMs`): work that needs no wait of the clock runs meanwhile. */
export async function until(done: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
  for (const end = performance.now() + limitMs; performance.now() < end; ) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
