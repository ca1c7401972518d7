import type { CheckOptions } from '@/lib/storage/check/types';
import type { S3Values } from '../type';

/** What an S3 check needs: the S3 fields of the settings. */
export type StorageTarget = Omit<S3Values, never>;

export interface StorageCheckOptions extends CheckOptions {
  /** The storage saved before, when Packages is enabled: a change yields a `storageChanged` warning. */
  saved?: Pick<StorageTarget, 'serviceUrl' | 'bucket'> | null;
}
