/** Everything a storage check writes lives under this prefix, so leftovers are easy to spot and never collide. */
export const PROBE_PREFIX = '.console-check/';
