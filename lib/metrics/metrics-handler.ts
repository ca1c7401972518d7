import 'server-only';
import { consoleMetrics } from './registry';

/** GET /metrics: the Prometheus text format, behind the Manage API's basic auth. */
export async function getMetrics(): Promise<Response> {
  const { registry } = consoleMetrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}
