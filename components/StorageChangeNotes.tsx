'use client';

import { useTranslations } from 'next-intl';
import { useWatch, type UseFormReturn } from 'react-hook-form';
import { ECOSYSTEMS } from '@/lib/services/catalog';
import { ecosystemModeOf, type EcosystemSpec } from '@/lib/services/ecosystem';
import type { PackagesSettingsInput } from '@/lib/settings/schema';

/** With the storage-change confirmation: what the move does to each ecosystem switched on in the form. */
export function StorageChangeNotes({ form }: { form: UseFormReturn<PackagesSettingsInput> }) {
  const t = useTranslations();
  const values = useWatch({ control: form.control }) as Record<string, unknown>;
  const on = ECOSYSTEMS.filter((spec: EcosystemSpec) => ecosystemModeOf(values, spec) !== 'disabled');
  return on.map((spec: EcosystemSpec) => (
    <p key={spec.id} className="note">
      {t(`Ecosystems.${spec.storageChangeNote}` as never)}
    </p>
  ));
}
