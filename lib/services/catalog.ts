import { BUILD_CACHE_ECOSYSTEM } from './build-cache/ecosystem';
import { CONTAINER_REGISTRY_ECOSYSTEM } from './container-registry/ecosystem';
import type { CredentialKind, EcosystemSpec } from './ecosystem';
import { NPM_ECOSYSTEM } from './npm/ecosystem';

// The ecosystems of the Ecosystem Toggles table, in its order: the client-safe side of registry.ts
// (the form and the settings model load this; the services themselves never reach the browser).

export const ECOSYSTEMS = [CONTAINER_REGISTRY_ECOSYSTEM, NPM_ECOSYSTEM, BUILD_CACHE_ECOSYSTEM] as const satisfies readonly EcosystemSpec[];

type AnyEcosystem = (typeof ECOSYSTEMS)[number];
export type EcosystemFieldName = AnyEcosystem['mode']['name'] | AnyEcosystem['options'][number]['name'];
/** The toggles' values in the settings model, by field name. */
export type EcosystemValues = Record<EcosystemFieldName, string>;

/** Every ecosystem's fields: its mode, then its options. */
export const ECOSYSTEM_FIELDS = ECOSYSTEMS.flatMap((spec): readonly EcosystemSpec['mode'][] => [spec.mode, ...spec.options]);

export function isEcosystemField(name: string): boolean {
  return ECOSYSTEM_FIELDS.some((field) => field.name === name);
}

/** The ecosystem a field belongs to. */
export function ecosystemOfField(name: string): EcosystemSpec | undefined {
  return ECOSYSTEMS.find((spec: EcosystemSpec) => spec.mode.name === name || spec.options.some((option) => option.name === name));
}

const KEY_PREFIX = 'app.packages.ecosystems.';
const suffixOf = (field: EcosystemSpec['mode']) => field.settingsKey.slice(KEY_PREFIX.length);

/** The toggles as the applied configuration and the services read them: by settings key suffix (`<id>`, `<id>-upstreaming`). */
export function ecosystemSettingsOf(values: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(ECOSYSTEM_FIELDS.map((field) => [suffixOf(field), typeof values[field.name] === 'string' ? (values[field.name] as string) : (field.choices?.[0] ?? '')]));
}

/** The settings model's values of toggles read back by key suffix; a suffix left out (a file from before it existed) is its default. */
export function ecosystemValuesFrom(settings: Readonly<Record<string, string>>): EcosystemValues {
  return Object.fromEntries(ECOSYSTEM_FIELDS.map((field) => [field.name, settings[suffixOf(field)] ?? field.choices?.[0] ?? ''])) as EcosystemValues;
}

/** How users connect to an ecosystem, its URL (`{url}`) or host and port (`{host}`) filled in; none for an id the catalog does not know. */
export function connectSteps(id: string, url: string): { messageKey: string; command: string }[] {
  const spec = ECOSYSTEMS.find((each: EcosystemSpec) => each.id === id);
  const host = URL.canParse(url) ? new URL(url).host : url;
  return (spec?.connect ?? []).map((step) => ({ messageKey: `Services.${id}.connect.${step.messageKey}`, command: step.command.replaceAll('{url}', url).replaceAll('{host}', host) }));
}

/** The path the health monitor probes an ecosystem's front with; null for an id the catalog does not know. */
export function healthPathOf(id: string): string | null {
  return ECOSYSTEMS.find((each: EcosystemSpec) => each.id === id)?.healthPath ?? null;
}

/** What an ecosystem's write credentials are (a user or a token); null for an id the catalog does not know. */
export function credentialKindOf(id: string): CredentialKind | null {
  return ECOSYSTEMS.find((each: EcosystemSpec) => each.id === id)?.credentialKind ?? null;
}
