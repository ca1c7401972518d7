import { PROBE_PREFIX } from './check/probe-prefix';

// Where the console itself writes in the packages storage, whatever its type: the storage check's probes
// and the scheduled health check's object. Neither is package data, so no ecosystem's scope counts them.

/** The scheduled health check's small object (written, read back, deleted) lives under this prefix. */
export const HEALTH_PREFIX = '.console-health/';

export const CONSOLE_PREFIXES: readonly string[] = [PROBE_PREFIX, HEALTH_PREFIX];
