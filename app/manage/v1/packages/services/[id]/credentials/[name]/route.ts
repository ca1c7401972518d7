import { deleteCredential } from '@/lib/manage-api/credentials-handlers';
import { manageRoute } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = manageRoute({ DELETE: deleteCredential });
