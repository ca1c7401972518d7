import { BUILD_CACHE_CONNECT } from './build-cache/connect';
import { NPM_CONNECT } from './npm/connect';

// How users connect to each ecosystem, as data the Services page, the Manage API and the CLI show:
// client-safe (no server-only import), so the core reaches it here without naming a service.

export interface ConnectStep {
  /** Key of the step's text under `Services.<id>.connect` in messages/*.json. */
  messageKey: string;
  /** What users type: `{url}` is replaced by the ecosystem's public URL. Never a secret. */
  command: string;
}

export interface ServiceConnect {
  id: string;
  steps: readonly ConnectStep[];
}

export const SERVICE_CONNECT: readonly ServiceConnect[] = [NPM_CONNECT, BUILD_CACHE_CONNECT];

/** The steps for an ecosystem with its URL filled in; none for an id the catalog does not know. */
export function connectSteps(id: string, url: string): { messageKey: string; command: string }[] {
  const entry = SERVICE_CONNECT.find((each) => each.id === id);
  return (entry?.steps ?? []).map((step) => ({ messageKey: `Services.${id}.connect.${step.messageKey}`, command: step.command.replaceAll('{url}', url) }));
}
