// Checks messages/*.json: the same keys everywhere, no English left behind in zh or fr, and French
// spacing around punctuation.

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
  'GitHub Enterprise Server', 'GitHub Packages', 'GitHub Actions', 'GitHub', 'Management Console', 'Amazon S3', 'Azure Blob', 'Azure',
  'AWS Identity and Access Management', 'AWS', 'IAM', 'ACL', 'MinIO', 'Ceph', 'URL', 'Packages', 'ID', 'JSON', 'IP', 'HTTPS', 'HTTP', 'S3', 'UTC', 'English',
  'Turborepo', 'npm',
];
const TECHNICAL = [
  /<\/?[a-zA-Z]+>/g, // rich-text tags
  /https?:\/\/[^\s)»」”]*/g,
  /\bs3:[A-Za-z]+/g,
  /\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, // region names, -s3alias, xn--
  /`[^`]*`/g,
  /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, // environment variables
  /\b[a-z][\w-]*\.(?:key|json|log)\b/g, // data-directory file names
];
const ENGLISH_WORDS = /\b(the|and|your|you|this|that|with|for|when|must|enter|bucket|settings|key|saved|storage|field|failed|check|not|is|are|of|to|from|only|choose|value|permission|could|was|were)\b/i;

const ICU_ARGUMENT = /\{[^{}]*\}/g;

function stripAllowed(text: string): string {
  let rest = text;
  // Innermost first, until none is left: a select or plural nests its branches (and their arguments).
  for (let before = ''; before !== rest; ) [before, rest] = [rest, rest.replace(ICU_ARGUMENT, ' ')];
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

const NBSP = '\u00a0';
const NNBSP = '\u202f';
// French puts a no-break space before ":" and a narrow one before ";", "?" and "!", and no-break
// spaces inside « », so a line never starts with the punctuation. Not inside ICU arguments (also
// plural branches), tags, URLs, s3:Action names or `code`: those are not French prose.
const NOT_PROSE = /\{(?:[^{}]|\{[^{}]*\})*\}|https?:\/\/[^\s)»」”]*|\bs3:[A-Za-z]+|`[^`]*`/g;
const SPACE_BEFORE: Record<string, string> = { ':': NBSP, ';': NNBSP, '?': NNBSP, '!': NNBSP };
const SPACE_NAMES: Record<string, string> = { [NBSP]: 'U+00A0', [NNBSP]: 'U+202F', ' ': 'a plain space' };

/** Spacing mistakes in a French message, e.g. `plain space before ":" (use U+00A0)`. */
export function frenchSpacingProblems(value: string): string[] {
  const chars = [...value.replace(/<\/?[a-zA-Z]+>/g, '').replace(NOT_PROSE, 'x')];
  const problems: string[] = [];
  for (const [index, char] of chars.entries()) {
    const before = chars[index - 1] ?? '';
    const after = chars[index + 1] ?? '';
    const wanted = SPACE_BEFORE[char];
    if (wanted && before !== wanted) {
      if (/\s/.test(before)) problems.push(`${SPACE_NAMES[before] ?? 'wrong space'} before "${char}" (use ${SPACE_NAMES[wanted]})`);
      else if (/[\p{L}\p{N}»]/u.test(before)) problems.push(`no space before "${char}" (use ${SPACE_NAMES[wanted]})`);
    }
    if (char === '«' && after !== NBSP) problems.push('"«" not followed by U+00A0');
    if (char === '»' && before !== NBSP) problems.push('"»" not preceded by U+00A0');
  }
  return problems;
}

export interface LintProblem {
  locale: string;
  key: string;
  problem: 'missing' | 'extra' | 'english' | 'spacing';
  detail?: string;
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
      if (locale === 'fr') {
        for (const detail of frenchSpacingProblems(value)) problems.push({ locale, key, problem: 'spacing', detail });
      }
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
