import 'server-only';
import { isDataDirWriteError } from '@/lib/fs/data-dir-errors';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { MetricsTokenFileError, MetricsTokenStateError } from './metrics-token';

export interface MetricsTokenProblem {
  status: 404 | 409 | 503;
  code: string;
  message: string;
}

/** What a failed token change tells its caller (Manage API, console, CLI), or null for a bug to rethrow. */
export function metricsTokenProblem(error: unknown, t: MessageLookup, dataDir: string): MetricsTokenProblem | null {
  if (error instanceof MetricsTokenStateError) {
    return { status: error.code === 'metricsTokenExists' ? 409 : 404, code: error.code, message: t(`MetricsToken.errors.${error.code}`) };
  }
  if (error instanceof MetricsTokenFileError) {
    console.error(error.message);
    return { status: 503, code: 'metricsTokenFileUnusable', message: t('MetricsToken.errors.metricsTokenFileUnusable', { path: error.path }) };
  }
  if (isDataDirWriteError(error)) {
    console.error(`Writing the metrics token failed: ${error.code} in ${dataDir}`);
    return { status: 503, code: 'saveFailed', message: t('MetricsToken.errors.saveFailed', { path: dataDir }) };
  }
  return null;
}
