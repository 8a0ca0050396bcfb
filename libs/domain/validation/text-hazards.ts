/**
 * Characters that make a text value garbage in a SafetyAmp field even though it is valid JSON: control characters
 * (NUL, escape, DEL...), hidden text-direction controls (they make a name display as something else), invisible
 * characters (a title with a zero-width space looks like, but is not, the title without one) and halves of broken
 * UTF-16 pairs (SafetyAmp cannot store them). Visible characters of any script, emoji and the joiners inside emoji
 * and scripts (U+200C, U+200D) are text like any other.
 */
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;
const DIRECTION = /\p{Bidi_Control}/u;
const INVISIBLE = /[\u200B\u2028\u2029\u2060-\u2064\uFEFF]/u;
const BROKEN_PAIR = /\p{Cs}/u;

/** `U+0000` notation of the first character a pattern finds. */
function codePointOf(text: string, pattern: RegExp): string | null {
  const found = pattern.exec(text)?.[0];
  if (found === undefined) return null;
  return `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What makes `text` unfit for a SafetyAmp text field, as the end of a sentence that starts with the field's label
 * (`contains a control character (U+0000)`); null when nothing does. `multiline` fields (free-text descriptions)
 * may hold tabs and line breaks.
 */
export function textHazard(text: string, multiline = false): string | null {
  const control = codePointOf(text, multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL);
  if (control !== null) return `contains a control character (${control})`;
  const direction = codePointOf(text, DIRECTION);
  if (direction !== null) return `contains a hidden text-direction character (${direction})`;
  const invisible = codePointOf(text, INVISIBLE);
  if (invisible !== null) return `contains an invisible character (${invisible})`;
  if (BROKEN_PAIR.test(text)) return 'contains a broken character (half of a UTF-16 pair)';
  return null;
}
