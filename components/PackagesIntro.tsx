import { getTranslations } from 'next-intl/server';
import { STORAGE_TYPES } from '@/lib/storage/registry';

const PERMISSIONS_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/user-guide/set-permissions.html';

/** The seed guide's warnings and prerequisites, shown above the form. */
export async function PackagesIntro() {
  const t = await getTranslations('PackagesPage');
  const tWarnings = await getTranslations('PackagesWarnings');
  const tPermissions = await getTranslations('RequiredPermissions');
  const tAll = await getTranslations();
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <section className="flash flash--warn" aria-labelledby="packages-warnings">
        <h2 id="packages-warnings">{tWarnings('title')}</h2>
        <ul>
          <li>
            {tWarnings.rich('restrictiveAccess', {
              link: (chunks) => (
                <a href={PERMISSIONS_DOC} target="_blank" rel="noreferrer noopener">
                  {chunks}
                </a>
              ),
            })}
          </li>
          <li>{tWarnings('dedicatedBucket')}</li>
          <li>{tWarnings('noChange')}</li>
        </ul>
      </section>
      <section className="box" aria-labelledby="required-permissions">
        <h2 id="required-permissions">{tPermissions('title')}</h2>
        {STORAGE_TYPES.map((type) => (
          <div key={type.id}>
            <p>{tAll(`${type.namespace}.${type.prerequisites}` as never)}</p>
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
