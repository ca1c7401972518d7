import path from 'node:path';
import { buildPreload } from './build';

// Run by scripts/services.sh install (with tsx): builds the preload every Node service child loads.

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: tsx install.ts MODULES_DIR\n');
  process.exit(2);
}
process.stdout.write(`${await buildPreload(path.resolve(target))}\n`);
