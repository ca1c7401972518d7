import 'server-only';
import { consoleMetrics } from './registry';

/** GET /metrics: the Prometheus text format, behind the metrics token or the Manage API's basic auth (metrics-route.ts). */
export async function getMetrics(): Promise<Response> {
  const { registry } = consoleMetrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}
