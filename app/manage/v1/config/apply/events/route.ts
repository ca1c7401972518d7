import { getApplyEvents } from '@/lib/manage-api/apply-handlers';
import { withManageAuth } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

export const GET = withManageAuth(getApplyEvents);
