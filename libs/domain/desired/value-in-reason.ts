const SHOWN_MAX = 40;
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/**
 * A source value as an invalid record's reason may quote it: unchanged when it is short and plain; else hidden
 * characters written as `\u{200B}` and the value cut after 40 characters with its length, so that a reason never
 * carries a control character, a text-direction trick or ten thousand characters to the dashboard and the logs.
 */
export function valueInReason(value: string): string {
  const characters = [...value];
  const shown = characters
    .slice(0, SHOWN_MAX)
    .map((c) => (HIDDEN.test(c) ? `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}` : c))
    .join('');
  return characters.length > SHOWN_MAX ? `${shown}… (${characters.length} characters)` : shown;
}
