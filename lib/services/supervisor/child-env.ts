import 'server-only';

// The one place a service's environment is built: from scratch. Nothing of the console's own
// environment is inherited (no AWS_* keys or profiles, no AWS_CA_BUNDLE, no proxy, no console secret):
// a service sees only what its renderer chose, plus the few variables a Node process needs to run.

// PACKAGES_CONSOLE_TEST_LOOKUP is the integration tests' DNS table, read only by the reserved-address
// preload (preload/): it can map names, never let a reserved answer through.
const BASE_KEYS = ['PATH', 'LANG', 'TZ', 'PACKAGES_CONSOLE_TEST_LOOKUP'] as const;

/** `rendered` wins over the base; the base only carries what a Node child needs to start. */
export function buildChildEnv(rendered: Record<string, string>, home: string, parent: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const env: Record<string, string> = { HOME: home, NODE_ENV: 'production' };
  for (const key of BASE_KEYS) {
    const value = parent[key];
    if (value) env[key] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  return { ...env, ...rendered };
}
