import type { FieldProblem, FieldValues, StorageRules } from '@/lib/storage/types';
import { ECOSYSTEMS } from './catalog';
import { ecosystemModeOf, type EcosystemSpec, type StorageTraits } from './ecosystem';

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

/** Each ecosystem switched on (Enabled or Read-Only) that cannot be served from storage with these traits, on its row. */
export function ecosystemProblems(values: FieldValues, traits: StorageTraits): FieldProblem[] {
  return ECOSYSTEMS.flatMap((spec: EcosystemSpec): FieldProblem[] => {
    if (ecosystemModeOf(values, spec) === 'disabled') return [];
    const support = spec.supports(traits);
    return support.ok ? [] : [{ field: spec.mode.name, code: support.reason, params: support.params, namespace: NAMESPACE }];
  });
}

