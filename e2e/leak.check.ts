import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FIRST_START, MAIN, MARKER_FILE, SECOND } from './servers';

// Runs after every other project. The S3 secret saved by secret-marker.spec.ts, the root passwords and
// the session keys must appear in no response the run saw, no server log line and no data file.

interface Recorded {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function where(haystacks: { name: string; text: string }[], needle: string): string[] {
  return haystacks.filter(({ text }) => text.includes(needle)).map(({ name }) => name);
}

test('no response, log line or data file holds a secret', () => {
  const marker = readFileSync(MARKER_FILE, 'utf8').trim();
  expect(marker).toMatch(/^LeakMarker[0-9a-f]{24}$/);
  const sessionKeys = [MAIN, SECOND].map((seeded) => readFileSync(path.join(seeded.dataDir, 'session.key'), 'utf8').trim());

  const responses = [MAIN, SECOND]
    .flatMap((seeded) => readFileSync(seeded.responses, 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
  // The recording really saw the run: the save of the marker secret, pages, RSC payloads and scripts.
  expect(responses.length).toBeGreaterThan(100);
  // Save settings answers 202 and starts a configuration run, followed over server-sent events.
  expect(responses.some((r) => r.method === 'PUT' && r.url === '/api/settings/packages' && r.status === 202)).toBe(true);
  expect(responses.some((r) => String(r.headers['content-type']).startsWith('text/event-stream') && r.body.includes('event: run'))).toBe(true);
  expect(responses.some((r) => String(r.headers['content-type']).startsWith('text/x-component'))).toBe(true);
  expect(responses.some((r) => r.url.startsWith('/_next/static/') && r.body.length > 1000)).toBe(true);
  const seen = responses.map((r) => ({ name: `${r.method} ${r.url} → ${r.status}`, text: JSON.stringify(r) }));

  const logs = [MAIN.log, SECOND.log, FIRST_START.log].map((file) => ({ name: file, text: readFileSync(file, 'utf8') }));
  expect(logs[0]?.text).toContain('root password set from CONSOLE_ROOT_PASSWORD');

  const settingsFile = path.join(MAIN.dataDir, 'settings.json');
  const stored = JSON.parse(readFileSync(settingsFile, 'utf8')) as { settings: Record<string, string> };
  expect(stored.settings['secrets.packages.aws-secret-key']).toMatch(/^v1:/); // sealed, so the check below is meaningful
  const data = [MAIN.dataDir, SECOND.dataDir, FIRST_START.dataDir].flatMap(filesUnder).map((file) => ({ name: file, text: readFileSync(file, 'latin1') }));
  expect(data.map((file) => path.basename(file.name))).toEqual(expect.arrayContaining(['settings.json', 'audit.log', 'root-password.json']));

  for (const secret of [marker, MAIN.password, FIRST_START.password]) {
    expect(where(seen, secret), 'responses').toEqual([]);
    expect(where(logs, secret), 'server logs').toEqual([]);
  }
  expect(where(data, marker), 'data files').toEqual([]);
  expect(where(data, MAIN.password), 'data files').toEqual([]);
  for (const sessionKey of sessionKeys) {
    expect(where(seen, sessionKey), 'responses').toEqual([]);
    expect(where(logs, sessionKey), 'server logs').toEqual([]);
  }
});
