const WRITE_ERRORS = new Set(['EROFS', 'ENOSPC', 'EACCES', 'EPERM', 'EDQUOT', 'EIO']);

/** The data directory refused a write (read-only, full, no permission): the operator's to fix, not a bug. */
export function isDataDirWriteError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code !== undefined && WRITE_ERRORS.has(code);
}
