import type { ContainerClient } from '@azure/storage-blob';
import { isConflict } from './errors';
import { readJson, writeJson } from './json-blob';
import { dbKey } from './keys';

// The db object (verdaccio-s3-db.json's twin): the list of packages published here and the secret
// Verdaccio signs its tokens with. Every change is read-modify-write under If-Match (If-None-Match
// for the first), so two Verdaccio processes on one container never lose each other's changes.

export interface Database {
  list: string[];
  secret: string;
}

const ATTEMPTS = 5;

function normalized(value: Partial<Database> | null | undefined): Database {
  return {
    list: Array.isArray(value?.list) ? value.list.filter((name): name is string => typeof name === 'string') : [],
    secret: typeof value?.secret === 'string' ? value.secret : '',
  };
}

export async function readDatabase(container: ContainerClient, keyPrefix: string): Promise<Database> {
  const read = await readJson<Partial<Database>>(container, dbKey(keyPrefix));
  return normalized(read?.value);
}

/** Applies `change` to the current object and writes it, again from a fresh read if another writer won. */
export async function updateDatabase(container: ContainerClient, keyPrefix: string, change: (db: Database) => boolean): Promise<Database> {
  const key = dbKey(keyPrefix);
  for (let attempt = 1; ; attempt += 1) {
    const read = await readJson<Partial<Database>>(container, key);
    const db = normalized(read?.value);
    if (!change(db)) return db;
    try {
      await writeJson(container, key, db, read ? { ifMatch: read.etag } : { ifNoneMatch: '*' });
      return db;
    } catch (error) {
      if (!isConflict(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}
