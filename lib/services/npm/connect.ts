import type { ServiceConnect } from '../connect-catalog';

// How a user points the stock npm client at the registry (texts: Services.npm.connect in messages/).

export const NPM_CONNECT: ServiceConnect = {
  id: 'npm',
  steps: [
    { messageKey: 'registry', command: 'npm config set registry {url}' },
    { messageKey: 'adduser', command: 'npm adduser --registry {url}' },
  ],
};
