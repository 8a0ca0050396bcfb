/**
 * The hostile text values every source field is tried with, each with what must come of it in a SafetyAmp text
 * field: `sent` (SafetyAmp receives exactly the trimmed value, JSON-encoded by the client), or the end of the
 * invalid record's reason after the field's label.
 */
export interface HostileText {
  name: string;
  value: string;
  /** `sent`, or the reason after the label (`first name ${outcome}`). */
  outcome: 'sent' | string;
  /** Where it differs in a free-text (multi-line) field: the asset description. */
  multiline?: 'sent';
}

export const SCRIPT_TAG = '<script>window.__hostile = 1; alert("hostile")</script>';
export const IMG_ONERROR = '<img src="x" id="hostile-img" onerror="window.__hostile = 2">';
export const SQL_INJECTION = "Robert'); DROP TABLE bPREH;--";

export const HOSTILE_TEXTS: readonly HostileText[] = [
  { name: 'a <script> element', value: SCRIPT_TAG, outcome: 'sent' },
  { name: 'an <img onerror> element', value: IMG_ONERROR, outcome: 'sent' },
  { name: 'SQL metacharacters', value: SQL_INJECTION, outcome: 'sent' },
  { name: 'quotes, backslashes and an ampersand', value: `O'Brien "Bud" \\ Jr. & Sons`, outcome: 'sent' },
  { name: 'emoji with joiners and skin tones', value: 'Zoë 👷🏽‍♀️ 🚧', outcome: 'sent' },
  { name: 'a right-to-left script', value: 'محمد بن سلمان', outcome: 'sent' },
  { name: 'a name in combining marks', value: 'Nguyễn Thị Minh Khai', outcome: 'sent' },
  { name: 'spaces around it', value: '  Padded  ', outcome: 'sent' },
  { name: '10,000 characters', value: 'x'.repeat(10_000), outcome: 'is longer than 255 characters' },
  { name: 'NUL', value: 'Ann\u0000e', outcome: 'contains a control character (U+0000)' },
  {
    name: 'a terminal escape',
    value: '\u001b[31mRed\u001b[0m',
    outcome: 'contains a control character (U+001B)',
  },
  { name: 'DEL', value: 'Del\u007fete', outcome: 'contains a control character (U+007F)' },
  { name: 'a C1 control (NEL)', value: 'Next\u0085Line', outcome: 'contains a control character (U+0085)' },
  {
    name: 'a line break inside',
    value: 'Two\nLines',
    outcome: 'contains a control character (U+000A)',
    multiline: 'sent',
  },
  {
    name: 'a tab inside',
    value: 'Tab\there',
    outcome: 'contains a control character (U+0009)',
    multiline: 'sent',
  },
  {
    name: 'a right-to-left override',
    value: 'Invoice\u202Etxt.exe',
    outcome: 'contains a hidden text-direction character (U+202E)',
  },
  {
    name: 'a directional isolate',
    value: 'Iso\u2066late\u2069',
    outcome: 'contains a hidden text-direction character (U+2066)',
  },
  {
    name: 'a zero-width space',
    value: 'Electri\u200Bcian',
    outcome: 'contains an invisible character (U+200B)',
  },
  {
    name: 'a byte-order mark inside',
    value: 'An\uFEFFn',
    outcome: 'contains an invisible character (U+FEFF)',
  },
  {
    name: 'a Unicode line separator',
    value: 'Line\u2028Sep',
    outcome: 'contains an invisible character (U+2028)',
  },
  {
    name: 'half of a UTF-16 pair',
    value: 'Hank\uD800',
    outcome: 'contains a broken character (half of a UTF-16 pair)',
  },
];

/** What SafetyAmp receives for a value that is sent: the value trimmed, nothing else changed. */
export function sentForm(value: string): string {
  return value.trim();
}
