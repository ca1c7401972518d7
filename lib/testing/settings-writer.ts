import { once } from 'node:events';
import { readConsoleEnv } from '@/lib/env';
import { SettingsBusyError } from '@/lib/settings/settings-lock';
import { readSettings, SettingsVersionConflictError, writeSettings } from '@/lib/settings/store';

// A separate process saving the settings in a loop, as `cli config set` does next to the server: read
// the version, write with it as the precondition. Run with tsx by lib/settings/cross-process-saves.test.ts:
//   tsx --conditions=react-server lib/testing/settings-writer.ts <writer-name> <saves>
// Prints "ready", waits for a line on stdin (so all writers start together), then one JSON line per
// attempt: { landed: version, region } | { conflict: true } | { busy: true }.

const [name = 'writer', savesArg = '10'] = process.argv.slice(2);
// CONSOLE_DATA_DIR and CONSOLE_ENCRYPTION_KEY come from the test that spawns it.
const env = readConsoleEnv();

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  for (let i = 0; i < Number(savesArg); i += 1) {
    const current = await readSettings(env);
    // Unique per attempt, so the final file names the save that produced it.
    const region = `${name}-${i}`;
    try {
      const saved = await writeSettings({ ...current.packages, enabled: true, secretKey: `secret of ${region}`, region }, current.version, { env, actor: name });
      process.stdout.write(`${JSON.stringify({ landed: saved.version, region, auditFailure: saved.auditFailure })}\n`);
    } catch (error) {
      if (error instanceof SettingsVersionConflictError) process.stdout.write(`${JSON.stringify({ conflict: true })}\n`);
      else if (error instanceof SettingsBusyError) process.stdout.write(`${JSON.stringify({ busy: true })}\n`);
      else throw error;
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`settings-writer ${name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    process.exit(1);
  },
);
