import 'server-only';
import { randomBytes } from 'node:crypto';
import type { ConsoleEnv } from '@/lib/env';
import { setLocalServices } from '@/lib/services/gateway';
import { listenControlSocket } from '@/lib/services/supervisor/control-socket';
import { ServicesSupervisor } from '@/lib/services/supervisor/services-supervisor';
import { appliedSettings, readAppliedConfig, readStagedConfig } from './applied-config';

// The packages services of the console's server process: the supervisor, given the way to read a run's
// staged configuration (the services never read config-run's files), its control socket for runs in
// other processes, the configuration in force started in the background, and a shutdown that stops
// every child before the process exits.

async function stagedSettingsOf(env: ConsoleEnv, runId: string) {
  const staged = await readStagedConfig(env);
  if (!staged || staged.run_id !== runId) throw new Error(`no staged configuration for run ${runId}`);
  return appliedSettings(staged, env);
}

async function startInForce(env: ConsoleEnv, supervisor: ServicesSupervisor): Promise<void> {
  const inForce = await readAppliedConfig(env);
  if (!inForce?.packages.enabled || !Object.values(inForce.ecosystems).some((mode) => mode !== 'disabled')) return;
  const { staged, proved } = await supervisor.startInForce(`start-${randomBytes(4).toString('hex')}`, await appliedSettings(inForce, env));
  for (const outcome of staged) if (outcome.action === 'failed') console.error(`Packages services: ${outcome.id} did not start with the configuration in force (${outcome.detail})`);
  for (const outcome of proved) if (!outcome.ok) console.error(`Packages services: ${outcome.id}'s canary failed with the configuration in force (${outcome.detail})`);
}

/** Holds Next's own exit on SIGTERM/SIGINT until the services are stopped (SIGTERM, SIGKILL after their grace): Next offers no shutdown hook. */
function stopBeforeExit(supervisor: ServicesSupervisor): void {
  let stopping: Promise<void> | null = null;
  const exit = process.exit.bind(process);
  const onSignal = () => {
    if (stopping) return;
    stopping = supervisor.shutdown().catch(() => supervisor.killNow());
    process.exit = ((code?: number) => void stopping?.finally(() => exit(code))) as typeof process.exit;
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  // Whatever else ends the process: no child outlives it (its PID record would find it at the next start anyway).
  process.once('exit', () => supervisor.killNow());
}

export async function startPackagesServices(env: ConsoleEnv): Promise<void> {
  let supervisor: ServicesSupervisor;
  try {
    supervisor = await ServicesSupervisor.start(env, { loadSettings: (runId) => stagedSettingsOf(env, runId) });
  } catch (error) {
    // The console itself stays useful (settings, checks, health) when a front's port is taken.
    console.error(`Packages services not started: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return;
  }
  setLocalServices(supervisor);
  stopBeforeExit(supervisor);
  await listenControlSocket(env.dataDir, supervisor).catch((error: NodeJS.ErrnoException) => {
    console.error(`Packages services: no control socket for runs from the CLI (${error.code ?? error.message})`);
  });
  void startInForce(env, supervisor).catch((error: unknown) => console.error(`Packages services: the configuration in force could not be started (${error instanceof Error ? error.message : String(error)})`));
}
