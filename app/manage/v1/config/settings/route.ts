import { getSettings, putSettings } from '@/lib/manage-api/settings-handlers';
import { withManageAuth } from '@/lib/manage-api/with-manage-auth';

export const dynamic = 'force-dynamic';

export const GET = withManageAuth(getSettings);
export const PUT = withManageAuth(putSettings);
