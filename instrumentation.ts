// Called once when the Next.js server starts, before it serves requests.
export async function register() {
  // NEXT_RUNTIME is replaced at build time (so the Node-only code isn't bundled for the edge); the one
  // process.env read outside lib/env.ts, because the bundler needs it literally.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installFrontDoor } = await import('./lib/http/front-door');
    installFrontDoor();
    const { prepareRootAccess } = await import('./lib/auth/first-start');
    await prepareRootAccess();
    const [{ startHealthMonitor }, { readConsoleEnv }] = await Promise.all([import('./lib/health/monitor'), import('./lib/env')]);
    const env = readConsoleEnv();
    if (!env.isBuild) {
      await startHealthMonitor(env);
      const { startPackagesServices } = await import('./lib/config-run/start-services');
      await startPackagesServices(env);
    }
  }
}
