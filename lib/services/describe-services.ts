import { utcTime as utc } from '@/components/utcTime';
import { formatDuration } from '@/lib/i18n/duration';
import { lookupLocale, type MessageLookup } from '@/lib/i18n/lookup';
import type { MessageKey } from '@/lib/i18n/translator';
import { connectSteps } from './catalog';
import type { ServicesStatusView } from './status-file';

// One ecosystem's status said in the reader's language: the Services page, the Manage API and the CLI
// all show the same words for the same record.

type Record_ = ServicesStatusView['ecosystems'][number];

export interface DescribedService extends Record_ {
  name: string;
  stateLabel: string;
  modeLabel: string | null;
  /** Seconds since the running instance started; null when none runs. */
  uptimeSeconds: number | null;
  uptimeLabel: string | null;
  /** "2 restarts after crashes, the last at …", null before the first. */
  restartsLabel: string | null;
  canaryLabel: string;
  connect: { text: string; command: string }[];
}

const STALE_KEYS: Record<Exclude<ServicesStatusView['source'], 'console'>, MessageKey> = {
  missing: 'ServicesPage.staleMissing',
  unreadable: 'ServicesPage.staleUnreadable',
  consoleGone: 'ServicesPage.staleConsoleGone',
};

/** Why a status is not the supervisor's word, as a message key; null when it is. */
export function staleMessageKey(source: ServicesStatusView['source']): MessageKey | null {
  return source === 'console' ? null : STALE_KEYS[source];
}

export function describeService(record: Record_, t: MessageLookup, now = Date.now()): DescribedService {
  const started = record.startedAt === null ? null : Date.parse(record.startedAt);
  const uptimeSeconds = started === null || record.state === 'stopped' ? null : Math.max(0, Math.floor((now - started) / 1000));
  const canary = record.lastCanary;
  return {
    ...record,
    name: t(`Ecosystems.${record.id}.name`),
    stateLabel: t(`ServicesPage.states.${record.state}`),
    modeLabel: record.mode === null ? null : t(`Ecosystems.modes.${record.mode}`),
    uptimeSeconds,
    uptimeLabel:
      uptimeSeconds === null || record.startedAt === null ? null : t('ServicesPage.uptimeValue', { duration: formatDuration(uptimeSeconds, lookupLocale(t)), time: utc(record.startedAt) }),
    restartsLabel: record.restarts === 0 ? null : t('ServicesPage.restarts', { count: record.restarts, time: record.lastRestartAt ? utc(record.lastRestartAt) : '' }),
    canaryLabel: canary ? t(canary.ok ? 'ServicesPage.canaryPassed' : 'ServicesPage.canaryFailed', { time: utc(canary.at), runId: canary.runId }) : t('ServicesPage.canaryNever'),
    connect: connectSteps(record.id, record.publicUrl).map((step) => ({ text: t(step.messageKey), command: step.command })),
  };
}

/** The Manage API's answer (and `cli services --json`): snake_case, raw values beside their words. */
export function servicesStatusJson(view: ServicesStatusView, t: MessageLookup, now = Date.now()) {
  const stale = staleMessageKey(view.source);
  return {
    updated_at: view.updatedAt,
    stale: stale === null ? null : { code: view.source, message: t(stale) },
    services: view.ecosystems.map((record) => {
      const service = describeService(record, t, now);
      return {
        id: service.id,
        name: service.name,
        mode: service.mode,
        state: service.state,
        state_label: service.stateLabel,
        public_url: service.publicUrl,
        storage: service.storage,
        pid: service.pid,
        started_at: service.startedAt,
        uptime_seconds: service.uptimeSeconds,
        restarts: service.restarts,
        last_restart_at: service.lastRestartAt,
        last_canary: service.lastCanary && { at: service.lastCanary.at, run_id: service.lastCanary.runId, ok: service.lastCanary.ok, stored_keys: service.lastCanary.storedKeys },
        connect: service.connect,
      };
    }),
  };
}
