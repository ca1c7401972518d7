import { getTranslations } from 'next-intl/server';
import type { DescribedService } from '@/lib/services/describe-services';
import { ServiceConnectSteps } from './ServiceConnectSteps';
import { ServiceCredentialsSection } from './ServiceCredentialsSection';
import { ServiceLogDetails } from './ServiceLogDetails';

/** One ecosystem: its state and what runs it, how users connect, its write credentials, and the end of its log. */
export async function ServiceStatusSection({ service, log }: { service: DescribedService; log: string[] }) {
  const t = await getTranslations('ServicesPage');
  const headingId = `service-${service.id}`;
  const none = t('none');
  return (
    <section className="service-status" aria-labelledby={headingId} data-service={service.id} data-state={service.state}>
      <h2 id={headingId}>{service.name}</h2>
      <dl className="service-status__facts">
        <dt>{t('fields.state')}</dt>
        <dd className={`service-status__state service-status__state--${service.state}`}>
          {service.stateLabel}
          {service.restartsLabel ? <span className="service-status__restarts"> ({service.restartsLabel})</span> : null}
        </dd>
        <dt>{t('fields.mode')}</dt>
        <dd>{service.modeLabel ?? t('notReported')}</dd>
        <dt>{t('fields.publicUrl')}</dt>
        <dd>
          <code>{service.publicUrl}</code>
        </dd>
        <dt>{t('fields.storage')}</dt>
        <dd>{service.storage ?? none}</dd>
        <dt>{t('fields.pid')}</dt>
        <dd>{service.pid ?? none}</dd>
        <dt>{t('fields.uptime')}</dt>
        <dd>{service.uptimeLabel ?? none}</dd>
        <dt>{t('fields.lastCanary')}</dt>
        <dd>{service.canaryLabel}</dd>
      </dl>
      <h3>{t('connectTitle')}</h3>
      <ServiceConnectSteps steps={service.connect} />
      <ServiceCredentialsSection ecosystem={service.id} />
      <ServiceLogDetails lines={log} />
    </section>
  );
}
