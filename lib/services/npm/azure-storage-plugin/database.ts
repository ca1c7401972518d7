import type { ContainerClient } from '@azure/storage-blob';
import { isConflict } from './errors';
import { readJson, writeJson } from './json-blob';
import { dbKey, LEGACY_DB_NAME } from './keys';

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

/** The object under its shared name, else under the plugin's earlier one (then written under the shared name by the next change). */
async function readEither(container: ContainerClient, keyPrefix: string) {
  const read = await readJson<Partial<Database>>(container, dbKey(keyPrefix));
  if (read) return { read, value: read.value };
  const legacy = await readJson<Partial<Database>>(container, dbKey(keyPrefix, LEGACY_DB_NAME));
  return { read: null, value: legacy?.value };
}

export async function readDatabase(container: ContainerClient, keyPrefix: string): Promise<Database> {
  return normalized((await readEither(container, keyPrefix)).value);
}

/** Applies `change` to the current object and writes it, again from a fresh read if another writer won. */
export async function updateDatabase(container: ContainerClient, keyPrefix: string, change: (db: Database) => boolean): Promise<Database> {
  const key = dbKey(keyPrefix);
  for (let attempt = 1; ; attempt += 1) {
    const { read, value } = await readEither(container, keyPrefix);
    const db = normalized(value);
    if (!change(db)) return db;
    try {
      await writeJson(container, key, db, read ? { ifMatch: read.etag } : { ifNoneMatch: '*' });
      return db;
    } catch (error) {
      if (!isConflict(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}
