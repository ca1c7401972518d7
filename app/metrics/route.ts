import { metricsRoute } from '@/lib/metrics/metrics-route';

export const dynamic = 'force-dynamic';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = metricsRoute();
