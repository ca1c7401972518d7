import { describe, expect, it } from 'vitest';
import type { RenderedService } from '../types';
import { childCommand } from './child-command';

const rendered: RenderedService = { files: [], env: {}, argv: ['/services/verdaccio/bin/verdaccio', '--config', '/i/config.yaml'], secrets: [], client: {} };

describe('childCommand', () => {
  it("runs a Node service with the console's node, the reserved-address preload first, and its report pipe", () => {
    expect(childCommand(rendered, '/services/node_modules', '/usr/bin/node')).toEqual({
      file: '/usr/bin/node',
      args: ['--require', '/services/node_modules/packages-console-preload/index.js', '/services/verdaccio/bin/verdaccio', '--config', '/i/config.yaml'],
      env: { PACKAGES_CONSOLE_REPORT_FD: '3' },
      reports: true,
    });
  });

  it('runs a binary of its own as is: no preload, no report pipe', () => {
    expect(childCommand({ ...rendered, executable: '/services/bin/cache', argv: ['--port', '1'] }, '/services/node_modules', '/usr/bin/node')).toEqual({ file: '/services/bin/cache', args: ['--port', '1'], env: {}, reports: false });
  });
});
