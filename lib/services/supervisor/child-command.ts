import 'server-only';
import path from 'node:path';
import type { RenderedService } from '../types';
import { PRELOAD_MAIN } from './preload/location';

// How a service's process is started. A service run by the console's own node gets the reserved-address
// preload first (preload/), and a pipe on descriptor 3 for its refusals; a binary of its own (a Go
// program) gets neither, but connects through an egress proxy that is such a Node child (egress.ts).

/** The descriptor the preload reports refusals on, as the child sees it. */
export const REPORT_FD = 3;

export interface ChildCommand {
  file: string;
  args: string[];
  /** The variables the supervisor adds for the preload (none for a binary of its own). */
  env: Record<string, string>;
  /** Whether descriptor 3 is a pipe of refusals. */
  reports: boolean;
}

export function childCommand(rendered: RenderedService, modulesDir: string, node: string = process.execPath): ChildCommand {
  if (rendered.executable !== undefined) return { file: rendered.executable, args: rendered.argv, env: {}, reports: false };
  return { file: node, args: ['--require', path.join(modulesDir, PRELOAD_MAIN), ...rendered.argv], env: { PACKAGES_CONSOLE_REPORT_FD: String(REPORT_FD) }, reports: true };
}
