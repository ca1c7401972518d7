// `npm start` on a fresh checkout: build once if there is no production build yet.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../.next/BUILD_ID', import.meta.url))) {
  console.log('No production build found: running `next build` first.');
  execFileSync('npx', ['next', 'build'], { stdio: 'inherit' });
}
