import { manageJson } from '@/lib/manage-api/responses';
import { OPENAPI_DOCUMENT } from '@/lib/manage-api/openapi';
import { manageRoute } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

// Behind the same basic auth as the API it describes: every route of the console needs credentials.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = manageRoute({ GET: async () => manageJson(OPENAPI_DOCUMENT) });
