// Chinese runs sentences together: its full-width punctuation carries its own spacing, and a
// half-width space after "。" or "：" shows as a stray gap. English and French put a space between.
const ENDS_WITHOUT_GAP = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]$/;

/** What goes between `before` and the next sentence: nothing after Chinese text, a space otherwise. */
export function sentenceGap(before: string): string {
  return ENDS_WITHOUT_GAP.test(before) ? '' : ' ';
}

/** Joins translated sentences (or a sentence and the value it introduces) the way their language does. */
export function joinSentences(...parts: string[]): string {
  return parts.filter(Boolean).reduce((text, part) => (text ? `${text}${sentenceGap(text)}${part}` : part), '');
}
