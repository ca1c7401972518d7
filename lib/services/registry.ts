import 'server-only';
import { BUILD_CACHE_SERVICE } from './build-cache/service';
import { CONTAINER_REGISTRY_SERVICE } from './container-registry/service';
import { NPM_SERVICE } from './npm/service';
import type { PackagesService } from './types';

// Every packages service the console runs, by id. The core reaches services only through here: a new
// ecosystem is a new folder under lib/services/ plus its line below (layout.test.ts keeps it so).

export const SERVICES: readonly PackagesService[] = [NPM_SERVICE, BUILD_CACHE_SERVICE, CONTAINER_REGISTRY_SERVICE];

export const SERVICE_IDS = SERVICES.map((service) => service.id);

export function serviceById(id: string): PackagesService {
  const service = SERVICES.find((candidate) => candidate.id === id);
  if (!service) throw new Error(`unknown packages service ${id}`);
  return service;
}
