import 'server-only';
import { DEFAULT_STORAGE_TYPE, isStorageTypeId } from '../registry';
import { storageServer } from '../server';
import type { CheckDescriber } from '../server-types';

/** The texts of a check result's storage type (results stored before they named one are the default type's). */
export function checkDescriber(storageType: string | undefined): CheckDescriber {
  return storageServer(isStorageTypeId(storageType) ? storageType : DEFAULT_STORAGE_TYPE).describe;
}
