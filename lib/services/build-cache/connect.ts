import type { ServiceConnect } from '../connect-catalog';

// How Turborepo uses the remote cache (texts: Services.build-cache.connect in messages/). The cache keeps
// artifacts per team (TURBO_TEAM); the token is the bearer token the console generated, never shown here.

export const BUILD_CACHE_CONNECT: ServiceConnect = {
  id: 'build-cache',
  steps: [
    { messageKey: 'api', command: 'export TURBO_API={url}' },
    { messageKey: 'team', command: 'export TURBO_TEAM=<team>' },
    { messageKey: 'token', command: 'export TURBO_TOKEN=<token>' },
  ],
};
