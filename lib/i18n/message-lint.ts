// Checks messages/*.json: the same keys everywhere, and no English left behind in zh or fr.

export type MessageTree = { [key: string]: string | MessageTree };

export function flattenMessages(tree: MessageTree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [k, v] of flattenMessages(value, path)) flat.set(k, v);
  }
  return flat;
}

// Names that stay in English in every language (see shared console terms), and technical tokens.
const UNTRANSLATED_TERMS = [
  'GitHub Enterprise Server', 'GitHub Packages', 'GitHub Actions', 'GitHub', 'Management Console', 'Amazon S3',
  'AWS Identity and Access Management', 'AWS', 'IAM', 'ACL', 'MinIO', 'Ceph', 'URL', 'Packages', 'ID', 'JSON', 'IP', 'HTTPS', 'HTTP', 'S3', 'UTC', 'English',
];
const TECHNICAL = [
  /\{[^{}]*\}/g, // ICU arguments
  /<\/?[a-zA-Z]+>/g, // rich-text tags
  /https?:\/\/[^\s)»」”]*/g,
  /\bs3:[A-Za-z]+/g,
  /\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, // region names, -s3alias, xn--
  /`[^`]*`/g,
  /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, // environment variables
  /\b[a-z][\w-]*\.(?:key|json|log)\b/g, // data-directory file names
];
const ENGLISH_WORDS = /\b(the|and|your|you|this|that|with|for|when|must|enter|bucket|settings|key|saved|storage|field|failed|check|not|is|are|of|to|from|only|choose|value|permission|could|was|were)\b/i;

function stripAllowed(text: string): string {
  let rest = text;
  for (const pattern of TECHNICAL) rest = rest.replace(pattern, ' ');
  for (const term of UNTRANSLATED_TERMS) rest = rest.split(term).join(' ');
  return rest;
}

export function englishLeftIn(locale: string, value: string, english: string | undefined): boolean {
  const rest = stripAllowed(value);
  if (locale === 'zh') return /[A-Za-z]{2,}[\s,.;:]+[A-Za-z]{2,}/.test(rest) || (/^[\sA-Za-z.,;:!?'’…-]+$/.test(rest) && /[A-Za-z]{3,}/.test(rest));
  if (english !== undefined && value === english && /[A-Za-z]{3,}/.test(rest)) return true;
  return ENGLISH_WORDS.test(rest);
}

export interface LintProblem {
  locale: string;
  key: string;
  problem: 'missing' | 'extra' | 'english';
}

export function lintMessages(files: Record<string, MessageTree>, reference = 'en'): LintProblem[] {
  const base = files[reference];
  if (!base) throw new Error(`No ${reference} messages`);
  const baseFlat = flattenMessages(base);
  const problems: LintProblem[] = [];
  for (const [locale, tree] of Object.entries(files)) {
    if (locale === reference) continue;
    const flat = flattenMessages(tree);
    for (const key of baseFlat.keys()) if (!flat.has(key)) problems.push({ locale, key, problem: 'missing' });
    for (const [key, value] of flat) {
      if (!baseFlat.has(key)) problems.push({ locale, key, problem: 'extra' });
      else if (englishLeftIn(locale, value, baseFlat.get(key))) problems.push({ locale, key, problem: 'english' });
    }
  }
  return problems;
}

/**
 * Keys whose last segment appears nowhere in the code, not even as part of a dynamic key
 * (`t(\`issues.${code}\`)` names its codes elsewhere): a message nobody can show any more.
 * Deliberately loose (a common word like `saved` always "appears"), so it never flags a used key.
 */
export function unusedMessageKeys(tree: MessageTree, sourceText: string): string[] {
  return [...flattenMessages(tree).keys()].filter((key) => {
    const leaf = key.slice(key.lastIndexOf('.') + 1);
    return !new RegExp(`\\b${leaf.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\b`).test(sourceText);
  });
}
