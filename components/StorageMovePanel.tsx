'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { fetchInventory, type InventoryResult } from '@/lib/settings-api/inventory-client';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import { InventoryTable } from './InventoryTable';

/**
 * With the storage-change confirmation: what the storage in force holds, per ecosystem, and the choice
 * to copy it to the new storage (checked when there is something to copy). A listing that fails still
 * lets the admin switch without copying.
 */
export function StorageMovePanel({ form }: { form: UseFormReturn<PackagesSettingsInput> }) {
  const t = useTranslations('StorageMove.inventory');
  const locale = useLocale();
  const [result, setResult] = useState<InventoryResult | null>(null);
  const { setValue } = form;

  useEffect(() => {
    const controller = new AbortController();
    fetchInventory(locale, controller.signal).then((answer) => {
      if (controller.signal.aborted) return;
      setResult(answer);
      setValue('copyPackages', answer.kind === 'ok' && answer.inventory.total.objects > 0);
    });
    return () => controller.abort();
  }, [locale, setValue]);

  if (!result) {
    return (
      <p role="status" className="note note--info">
        {t('loading')}
      </p>
    );
  }
  // Nothing in force (never applied, or Packages off there): there is nothing a copy could take.
  if (result.kind === 'failed' && !result.inForce) return result.message ? <p className="note">{result.message}</p> : null;
  const empty = result.kind === 'ok' && result.inventory.total.objects === 0;
  return (
    <div className="storage-move">
      {result.kind === 'ok' ? (
        <InventoryTable caption={t('caption', { storage: result.inventory.storage })} rows={result.inventory.ecosystems} total={result.inventory.total} />
      ) : (
        <p role="alert" className="field-error">
          {result.message ?? t('failed')} {t('switchAnyway')}
        </p>
      )}
      {empty ? (
        <p className="note">{t('empty')}</p>
      ) : (
        <div className="form-checkbox">
          <input type="checkbox" id="field-copyPackages" aria-describedby="field-copyPackages-help" {...form.register('copyPackages')} />
          <label htmlFor="field-copyPackages">{t('copyLabel')}</label>
          <p id="field-copyPackages-help" className="note">
            {t('copyHelp')} {t('noCopyHelp')}
          </p>
        </div>
      )}
    </div>
  );
}
