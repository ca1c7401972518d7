import type { PublicSettingsSnapshot } from './types';
import type { Permission, PermissionStatus, IssueTarget } from '@/lib/storage-check/types';

// JSON shapes exchanged between the browser (or a script) and the console's API routes.

export interface ApiIssue {
  field: IssueTarget;
  code: string;
  message: string;
  permission?: Permission;
}

export interface LocalizedCheckResult {
  ok: boolean;
  durationMs: number;
  bucket: string;
  permissions: { permission: Permission; status: PermissionStatus; message: string | null }[];
  errors: ApiIssue[];
  warnings: ApiIssue[];
  policy: string;
}

export interface ApiErrorBody {
  message: string;
  errors: ApiIssue[];
  check?: LocalizedCheckResult;
  currentVersion?: number;
  confirmRequired?: boolean;
}

export interface SaveSuccessBody {
  settings: PublicSettingsSnapshot;
  check: LocalizedCheckResult | null;
}

export interface CheckSuccessBody {
  check: LocalizedCheckResult;
}
