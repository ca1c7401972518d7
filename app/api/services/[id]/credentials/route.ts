import { addCredentialRoute, revokeCredentialRoute } from '@/lib/services/credentials/console-routes';

export const dynamic = 'force-dynamic';

// The Services page's credentials of one ecosystem: POST adds one (its secret in this answer only), DELETE revokes one.

export async function POST(request: Request, context: RouteContext<'/api/services/[id]/credentials'>) {
  return addCredentialRoute(request, context);
}

export async function DELETE(request: Request, context: RouteContext<'/api/services/[id]/credentials'>) {
  return revokeCredentialRoute(request, context);
}
