import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteHold } from './write-hold';

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const fronts = [{ writesHeld: false }, { writesHeld: false }];
  const changed = vi.fn();
  return { fronts, changed, hold: new WriteHold(() => fronts, changed) };
}

describe('WriteHold', () => {
  it('holds every front for one run until it releases, and refuses a second run meanwhile', () => {
    const { fronts, changed, hold } = setup();
    hold.hold('run-a', 60_000);
    expect(fronts.map((front) => front.writesHeld)).toEqual([true, true]);
    expect(() => hold.hold('run-b', 60_000)).toThrow(/held by run run-a/);
    hold.release('run-b');
    expect(hold.runId).toBe('run-a');
    hold.release('run-a');
    expect(fronts.map((front) => front.writesHeld)).toEqual([false, false]);
    expect(hold.runId).toBeNull();
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('lets go by itself when the run stops renewing (its process died), not while it renews', () => {
    vi.useFakeTimers();
    const { fronts, hold } = setup();
    hold.hold('run-a', 60_000);
    vi.advanceTimersByTime(45_000);
    hold.hold('run-a', 60_000);
    vi.advanceTimersByTime(45_000);
    expect(fronts[0]!.writesHeld).toBe(true);
    vi.advanceTimersByTime(15_001);
    expect(fronts.map((front) => front.writesHeld)).toEqual([false, false]);
    expect(hold.runId).toBeNull();
    hold.hold('run-b', 60_000);
    expect(hold.runId).toBe('run-b');
  });
});
