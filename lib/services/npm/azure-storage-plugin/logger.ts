// The part of Verdaccio's logger (pino with @{field} templates) the plugin uses.
export interface Logger {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

/** Our messages carry only codes and statuses (errors.ts), so they are safe to log as they are. */
export function logFailure(logger: Logger, error: Error): void {
  logger.error({ reason: error.message }, '@{reason}');
}
