import { getTranslations } from 'next-intl/server';
import type { DescribedServiceProbe } from '@/lib/health/describe-health';
import { HealthStateIcon } from './HealthStateIcon';

/** The packages services as the last check found them at their public URLs: up or down and why, latency, the supervisor's state. */
export async function HealthServicesTable({ services }: { services: DescribedServiceProbe[] }) {
  const t = await getTranslations('StorageHealthPage');
  return (
    <section aria-labelledby="health-services-title">
      <h2 id="health-services-title">{t('servicesTitle')}</h2>
      <p>{t('servicesIntro')}</p>
      {services.length === 0 ? (
        <p>{t('servicesEmpty')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="health-services-caption" tabIndex={0}>
          <table className="runs-table health-table">
            <caption id="health-services-caption">{t('servicesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('servicesEcosystem')}</th>
                <th scope="col">{t('servicesStatus')}</th>
                <th scope="col">{t('servicesLatency')}</th>
                <th scope="col">{t('servicesState')}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((probe) => (
                <tr key={probe.ecosystem} data-ecosystem={probe.ecosystem} data-up={probe.up}>
                  <th scope="row">{probe.name}</th>
                  <td className={`health-summary__state--${probe.up ? 'healthy' : 'failing'}`}>
                    <HealthStateIcon state={probe.up ? 'healthy' : 'failing'} /> {probe.statusLabel}
                    {probe.message ? ` (${probe.message})` : null}
                  </td>
                  <td>{t('latencyValue', { ms: probe.latencyMs })}</td>
                  <td>{probe.stateLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
