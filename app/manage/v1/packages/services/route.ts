import { getServices } from '@/lib/manage-api/services-handlers';
import { manageRoute } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = manageRoute({ GET: getServices });
