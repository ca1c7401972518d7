import { postStorageCheck } from '@/lib/manage-api/check-handler';
import { withManageAuth } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

export const POST = withManageAuth(postStorageCheck);
