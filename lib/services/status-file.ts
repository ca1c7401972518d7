import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import type { ServicesStatusFile } from './status';

export function servicesStatusPath(dataDir: string): string {
  return path.join(dataDir, 'services', 'status.json');
}

/** Written by the supervisor after every change, atomically: readers in other processes never see half a file. */
export async function writeServicesStatus(dataDir: string, status: ServicesStatusFile): Promise<void> {
  await fs.mkdir(path.dirname(servicesStatusPath(dataDir)), { recursive: true, mode: 0o700 });
  await writeFileAtomic(servicesStatusPath(dataDir), `${JSON.stringify(status, null, 2)}\n`, { mode: 0o600 });
}
