// The metrics token's path and schemas in the OpenAPI document (see openapi.ts, openapi-schemas.ts).

const TOKEN_ID = { type: 'string', pattern: '^pscm_[0-9a-f]{8}$', description: 'The non-secret start of the token, to recognise it' } as const;

export const METRICS_TOKEN_SCHEMAS = {
  MetricsTokenStatus: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'created_at'],
    properties: { id: { type: ['string', 'null'], pattern: TOKEN_ID.pattern }, created_at: { type: ['string', 'null'], format: 'date-time' } },
  },
  IssuedMetricsToken: {
    type: 'object',
    additionalProperties: false,
    required: ['token', 'id', 'created_at'],
    properties: {
      token: { type: 'string', pattern: '^pscm_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$', description: 'Shown only in this answer: only its SHA-256 is stored' },
      id: TOKEN_ID,
      created_at: { type: 'string', format: 'date-time' },
    },
  },
} as const;

type Json = (schema: string, description: string) => object;

export function metricsTokenPaths(json: Json, parameters: object[], auth: object) {
  const error = (description: string) => json('Error', description);
  const unusable = { '503': error('The token file cannot be read, or the data directory cannot be written') };
  return {
    '/metrics/token': {
      get: {
        operationId: 'getMetricsToken',
        summary: 'The id and creation time of the metrics token in force (both null when there is none); never the token',
        parameters,
        responses: { '200': json('MetricsTokenStatus', 'The token in force, if any'), ...auth, ...unusable },
      },
      post: {
        operationId: 'createMetricsToken',
        summary: 'Create the bearer token Prometheus scrapes /metrics with (Authorization: Bearer …); it opens nothing else',
        parameters,
        responses: { '201': json('IssuedMetricsToken', 'Created: the token is shown this once'), '409': error('A token exists already: rotate or revoke it'), ...auth, ...unusable },
      },
      put: {
        operationId: 'rotateMetricsToken',
        summary: 'Replace the metrics token with a new one; the old one is refused from now on',
        parameters,
        responses: { '200': json('IssuedMetricsToken', 'Rotated: the new token is shown this once'), '404': error('There is no token to rotate'), ...auth, ...unusable },
      },
      delete: {
        operationId: 'revokeMetricsToken',
        summary: 'Revoke the metrics token: /metrics refuses it from now on',
        parameters,
        responses: { '204': { description: 'Revoked' }, '404': error('There is no token to revoke'), ...auth, ...unusable },
      },
    },
  };
}
