/** A problem with how the command was called: exit status 2, message on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** A `Validation` (or a storage type's `validation` or `issues`) message code, for --json output. */
    readonly code: string = 'usage',
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
