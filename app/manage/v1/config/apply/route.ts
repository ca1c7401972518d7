import { getApplyStatus, postApply } from '@/lib/manage-api/apply-handlers';
import { withManageAuth } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

export const GET = withManageAuth(getApplyStatus);
export const POST = withManageAuth(postApply);
