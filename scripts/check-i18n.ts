// npm run check:i18n — same keys in messages/{en,zh,fr}.json, no English left in zh/fr, French spacing
// around punctuation, and no message the code can no longer show.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintMessages, unusedMessageKeys, type MessageTree } from '@/lib/testing/message-lint';
import { LOCALES } from '../lib/i18n/routing';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['app', 'components', 'lib'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const files = Object.fromEntries(LOCALES.map((locale) => [locale, JSON.parse(readFileSync(path.join(ROOT, `messages/${locale}.json`), 'utf8')) as MessageTree]));
const problems = lintMessages(files).map(({ locale, key, problem, detail }) => `messages/${locale}.json ${key}: ${problem}${detail ? ` (${detail})` : ''}`);
const code = [...SOURCE_DIRS.flatMap(sourceFiles), path.join(ROOT, 'proxy.ts')].map((file) => readFileSync(file, 'utf8')).join('\n');
for (const key of unusedMessageKeys(files.en!, code)) problems.push(`messages/*.json ${key}: used nowhere in ${SOURCE_DIRS.join(', ')}`);
for (const problem of problems) console.error(problem);
console.log(problems.length === 0 ? `i18n: ${LOCALES.join(', ')} match, every message is used` : `i18n: ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
