import { describe, expect, it } from 'vitest';
import { createInFlightLimit } from './in-flight-limit';

describe('createInFlightLimit', () => {
  it('refuses a client beyond its limit until one of its slots is released', () => {
    const limit = createInFlightLimit({ perClient: 2, total: 8 });
    const first = limit.tryAcquire('a');
    const second = limit.tryAcquire('a');
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(limit.tryAcquire('a')).toBeNull();
    // Another client is not held up by the first one's checks.
    expect(limit.tryAcquire('b')).not.toBeNull();
    first?.();
    expect(limit.inFlight('a')).toBe(1);
    expect(limit.tryAcquire('a')).not.toBeNull();
  });

  it('refuses everyone beyond the total, however many clients', () => {
    const limit = createInFlightLimit({ perClient: 2, total: 3 });
    const held = ['a', 'b', 'c'].map((client) => limit.tryAcquire(client));
    expect(held.every((release) => release !== null)).toBe(true);
    expect(limit.tryAcquire('d')).toBeNull();
    held[0]?.();
    expect(limit.tryAcquire('d')).not.toBeNull();
  });

  it('counts a release once, even if called twice', () => {
    const limit = createInFlightLimit({ perClient: 1, total: 5 });
    const release = limit.tryAcquire('a');
    const other = limit.tryAcquire('b');
    release?.();
    release?.();
    expect(limit.inFlight()).toBe(1);
    expect(limit.inFlight('b')).toBe(1);
    other?.();
    expect(limit.inFlight()).toBe(0);
  });
});
