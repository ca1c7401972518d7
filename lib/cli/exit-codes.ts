// Exit statuses of the `config` commands (README "Command line"), beside usage-error.ts's 0, 1 and 2.

/** Another configuration run is in progress: try again when it has finished. */
export const EXIT_BUSY = 3;

/** `storage health`: nothing is in force, or the storage has not been checked yet. `metrics token rotate|revoke|status`: there is no token. */
export const EXIT_UNKNOWN = 4;

/** The operator pressed Ctrl-C and the run was cancelled (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;
