// The copy the benchmark kills at 50%: run with the stores on stdin (never on the command line), prints
// its progress as JSON lines so the parent knows when to send SIGKILL.
import { text } from 'node:stream/consumers';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { storageServer } from '@/lib/storage/server';
import { copyObjects, prefixScopes } from '@/lib/migration';

interface ChildInput {
  source: Record<string, string>;
  target: Record<string, string>;
  prefixes: string[];
  journalPath: string;
}

const input: ChildInput = JSON.parse(await text(process.stdin));
const options = { proxy: parseProxySettings({}), timeoutMs: 30_000 };
const open = (values: Record<string, string>) => storageServer(values.storageType ?? '').objectAccess(values, options);
const result = await copyObjects({
  source: open(input.source),
  target: open(input.target),
  scopes: prefixScopes(input.prefixes),
  journalPath: input.journalPath,
  onProgress: (progress) => process.stdout.write(`${JSON.stringify(progress)}\n`),
});
process.stdout.write(`${JSON.stringify({ done: result })}\n`);
process.exit(0);
