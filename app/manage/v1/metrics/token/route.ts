import { createMetricsToken, deleteMetricsToken, getMetricsToken, rotateMetricsToken } from '@/lib/manage-api/metrics-token-handlers';
import { manageRoute } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = manageRoute({ GET: getMetricsToken, POST: createMetricsToken, PUT: rotateMetricsToken, DELETE: deleteMetricsToken });
