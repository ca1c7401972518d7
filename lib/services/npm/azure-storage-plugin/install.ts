import path from 'node:path';
import { buildAzureStoragePlugin } from './build';

// Run by scripts/services.sh install (with tsx): builds the plugin into the services' node_modules,
// beside verdaccio-aws-s3-storage, where the rendered config's `plugins:` directory makes Verdaccio find
// it. Nothing is built when an ecosystem is toggled.

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: tsx install.ts PLUGINS_DIR\n');
  process.exit(2);
}
const written = await buildAzureStoragePlugin(path.resolve(target));
process.stdout.write(`${written}\n`);
