import { runCommand } from '@/lib/cli/settle-guard';

// A command whose work never settles and holds nothing open: what a request that hangs forever on
// an unref'd timer looks like to Node. `resolve` as argument makes it settle instead, for contrast.

const settle = process.argv.includes('resolve');
runCommand(
  new Promise<number>((resolve) => {
    if (settle) setTimeout(() => resolve(0), 10);
    else setTimeout(() => resolve(0), 60_000).unref();
  }),
  () => undefined,
);
