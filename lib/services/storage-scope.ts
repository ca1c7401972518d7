import { CONSOLE_PREFIXES } from '@/lib/storage/console-prefixes';
import type { StorageScope } from './types';

// The storage is shared by the services: each one that can be told where to write keeps its data under
// its own folder of SERVICES_PREFIX; a service that cannot (it writes at the root) owns everything else.

export const SERVICES_PREFIX = 'packages-services/';

/** The scope of a service that writes under its own folder (`packages-services/<folder>/`). */
export function folderScope(folder: string): StorageScope {
  return { prefix: `${SERVICES_PREFIX}${folder}/`, exclude: [] };
}

/** The scope of a service that writes at the root: all but the other services' folders and the console's own probes. */
export function rootScope(): StorageScope {
  return { prefix: '', exclude: [SERVICES_PREFIX, ...CONSOLE_PREFIXES] };
}
