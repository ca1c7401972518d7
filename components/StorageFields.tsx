'use client';

import { useTranslations } from 'next-intl';
import type { UseFormReturn } from 'react-hook-form';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicPackagesSettings } from '@/lib/settings/types';
import { AdvancedStorageOptions } from './AdvancedStorageOptions';
import { TextField } from './TextField';

const ENDPOINTS_DOC = 'https://docs.aws.amazon.com/general/latest/gr/rande.html';
const IAM_DOC = 'https://docs.aws.amazon.com/iam/index.html';

const externalLink = (href: string) =>
  function ExternalLink(chunks: React.ReactNode) {
    return (
      <a href={href} target="_blank" rel="noreferrer noopener">
        {chunks}
      </a>
    );
  };

/** "Packages Storage": Amazon S3 (also MinIO/Ceph) and the bucket's details, as in the seed guide. */
export function StorageFields({ form, saved, required }: { form: UseFormReturn<PackagesSettingsInput>; saved: PublicPackagesSettings; required: boolean }) {
  const t = useTranslations('PackagesSettingsForm');
  const secretStored = saved.secretKeySet;
  const { register, formState } = form;
  const errors = formState.errors as Partial<Record<keyof PackagesSettingsInput, import('react-hook-form').FieldError>>;
  return (
    <>
      <fieldset className="radio-group">
        <legend>{t('storageType')}</legend>
        <label>
          <input type="radio" name="blobStorageType" value="s3" checked readOnly /> {t('amazonS3')}
        </label>
        <p className="note">{t('s3CompatibleHint')}</p>
      </fieldset>
      <p>{t('bucketDetails')}</p>
      <TextField
        registration={register('serviceUrl')}
        defaultValue={saved.serviceUrl}
        label={t('serviceUrl')}
        type="url"
        placeholder="https://s3.us-west-2.amazonaws.com"
        required={required}
        error={errors.serviceUrl}
        help={t.rich('serviceUrlHelp', { link: externalLink(ENDPOINTS_DOC) })}
      />
      <TextField registration={register('bucket')}
        defaultValue={saved.bucket} label={t('bucket')} required={required} error={errors.bucket} help={t('bucketHelp')} />
      <TextField registration={register('accessKey')}
        defaultValue={saved.accessKey} label={t('accessKey')} required={required} error={errors.accessKey} help={t('accessKeyHelp')} />
      <TextField
        registration={register('secretKey')}
        label={t('secretKey')}
        type="password"
        autoComplete="new-password"
        placeholder={secretStored ? t('secretKeyStoredPlaceholder') : undefined}
        required={required && !secretStored}
        error={errors.secretKey}
        note={secretStored ? t('secretKeyStored') : undefined}
        help={t.rich('secretKeyHelp', { link: externalLink(IAM_DOC) })}
      />
      <AdvancedStorageOptions form={form} saved={saved} />
    </>
  );
}
