import { STORAGE_TYPES_PARAM } from '@/lib/i18n/lookup';
import { STORAGE_TYPES } from '@/lib/storage/registry';
import { storageRules } from '@/lib/storage/rules';
import type { FieldProblem, FieldValues, StorageRules } from '@/lib/storage/types';
import { ECOSYSTEMS } from './catalog';
import { ecosystemModeOf, type EcosystemSpec, type StorageTraits } from './ecosystem';
import type { ServiceUnsupportedReason } from './types';

// The Ecosystem Toggles' rules, in the browser and on the server: each value one of its choices, and
// an ecosystem switched on only where its service can serve from the chosen storage. Messages are in
// the `Ecosystems.validation` namespace.

const NAMESPACE = 'Ecosystems.validation';

export const ECOSYSTEM_RULES: StorageRules = {
  codes: ['modeInvalid', 'choiceInvalid', 'storageTypeUnsupported', 'storageDriverMissing', 'authModeUnsupported', 'proxyUnsupported'],
  validationNamespace: NAMESPACE,
  fieldProblem: {},
  requiredCode: {},
  secretLimit: {},
  choiceCode: Object.fromEntries(ECOSYSTEMS.flatMap((spec: EcosystemSpec) => [[spec.mode.name, 'modeInvalid'], ...spec.options.map((option) => [option.name, 'choiceInvalid'])])),
  tiedSecrets: {},
  location: () => null,
  changedField: () => null,
};

/** Reasons that are the storage type's: the row then names the types the service can serve from. */
const TYPE_REASONS: ReadonlySet<ServiceUnsupportedReason> = new Set(['storageTypeUnsupported', 'storageDriverMissing']);

/** The storage types the ecosystem's service can keep its packages in (the other values as they are), by their labels' message keys. */
function servingTypes(spec: EcosystemSpec, values: FieldValues): string[] {
  return STORAGE_TYPES.filter((type) => {
    const support = spec.supports({ ...storageRules(type.id).serviceTraits(values), proxied: false });
    return support.ok || !TYPE_REASONS.has(support.reason);
  }).map((type) => `${type.namespace}.${type.typeLabel}`);
}

/** Each ecosystem switched on (Enabled or Read-Only) that cannot be served from storage with these traits, on its row. */
export function ecosystemProblems(values: FieldValues, traits: StorageTraits): FieldProblem[] {
  return ECOSYSTEMS.flatMap((spec: EcosystemSpec): FieldProblem[] => {
    if (ecosystemModeOf(values, spec) === 'disabled') return [];
    const support = spec.supports(traits);
    if (support.ok) return [];
    const params = TYPE_REASONS.has(support.reason) ? { ...support.params, [STORAGE_TYPES_PARAM]: servingTypes(spec, values).join(' ') || 'none' } : support.params;
    return [{ field: spec.mode.name, code: support.reason, params, namespace: NAMESPACE }];
  });
}

