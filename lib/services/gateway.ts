import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import { connectControlSocket } from './supervisor/control-socket';
import type { ServicesGateway } from './supervisor/outcomes';

// The one way a configuration run reaches the packages services: the supervisor of the console's
// server process, directly when the run is in that process, through its control socket when the run
// is elsewhere (the CLI), or none at all when no console is running (its services then start with the
// configuration in force when it starts).

export type { CommitOutcome, ProveOutcome, RefreshOutcome, ServicesGateway, StageOutcome } from './supervisor/outcomes';

// Next.js may load this module more than once in one process (instrumentation, route bundles): the
// supervisor is kept on globalThis so all of them find the same one.
const LOCAL = Symbol.for('packages-console.services-supervisor');
type WithLocal = typeof globalThis & { [LOCAL]?: ServicesGateway };

export function setLocalServices(gateway: ServicesGateway | null): void {
  (globalThis as WithLocal)[LOCAL] = gateway ?? undefined;
}

export function localServices(): ServicesGateway | null {
  return (globalThis as WithLocal)[LOCAL] ?? null;
}

export async function servicesGateway(env: Pick<ConsoleEnv, 'dataDir' | 'services' | 'checkTimeoutMs'>): Promise<ServicesGateway | null> {
  return localServices() ?? (await connectControlSocket(env));
}
