// npm run check:i18n — same keys in messages/{en,zh,fr}.json and no English left in zh/fr.
import { readFileSync } from 'node:fs';
import { lintMessages, type MessageTree } from '../lib/i18n/message-lint';
import { LOCALES } from '../lib/i18n/routing';

const files = Object.fromEntries(
  LOCALES.map((locale) => [locale, JSON.parse(readFileSync(new URL(`../messages/${locale}.json`, import.meta.url), 'utf8')) as MessageTree]),
);
const problems = lintMessages(files);
for (const { locale, key, problem } of problems) console.error(`messages/${locale}.json ${key}: ${problem}`);
console.log(problems.length === 0 ? `i18n: ${LOCALES.join(', ')} match` : `i18n: ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
