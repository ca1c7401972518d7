import { OPENAPI_DOCUMENT } from '@/lib/manage-api/openapi';

// Public like any API reference: it describes the API and holds nothing about this installation.
export function GET() {
  return Response.json(OPENAPI_DOCUMENT, { headers: { 'cache-control': 'no-cache' } });
}
