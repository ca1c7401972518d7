import { getTranslations } from 'next-intl/server';
import { serverTranslator } from '@/lib/i18n/server-translator';
import { storageType, STORAGE_TYPES, type StorageTypeId } from '@/lib/storage/registry';

/** The seed guide's warnings and prerequisites, shown above the form. */
export async function PackagesIntro({ savedType }: { savedType: StorageTypeId }) {
  const doc = storageType(savedType).permissionsDoc;
  const t = await getTranslations('PackagesPage');
  const tWarnings = await getTranslations('PackagesWarnings');
  const tPermissions = await getTranslations('RequiredPermissions');
  const { lookup } = await serverTranslator();
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <section className="flash flash--warn" aria-labelledby="packages-warnings">
        <h2 id="packages-warnings">{tWarnings('title')}</h2>
        <ul>
          <li>
            {tWarnings.rich('restrictiveAccess', {
              // The saved type's documentation; a type without such a page keeps the words, unlinked.
              link: (chunks) =>
                doc ? (
                  <a href={doc} target="_blank" rel="noreferrer noopener">
                    {chunks}
                  </a>
                ) : (
                  chunks
                ),
            })}
          </li>
          <li>{tWarnings('dedicatedStorage')}</li>
          <li>{tWarnings('noChange')}</li>
        </ul>
      </section>
      <section className="box" aria-labelledby="required-permissions">
        <h2 id="required-permissions">{tPermissions('title')}</h2>
        {STORAGE_TYPES.map((type) => (
          <div key={type.id}>
            <p>{lookup(`${type.namespace}.${type.prerequisites}`)}</p>
            <ul className="permission-list">
              {type.checkRows.map((permission) => (
                <li key={permission}>
                  <code>{permission}</code>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </>
  );
}
