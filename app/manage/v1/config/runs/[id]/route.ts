import { getRunById } from '@/lib/manage-api/run-handlers';
import { manageRoute } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = manageRoute({ GET: getRunById });
