/**
 * A slow threshold no healthy probe reaches, for tests and e2e consoles that expect "healthy": on a loaded
 * machine a probe can take over the default second, and slowness is what they are not about.
 */
export const NOT_SLOW_MS = '60000';
