/**
 * Escaping of the characters a terminal acts on, for human output built from received data
 * (`collect`'s record lines, `mlotel tail`, reasons quoting a bad line). A sender controls
 * every field of a record: unescaped, a newline forges a whole extra record line, ESC starts a
 * sequence that can recolour, retitle or clear the terminal, and bidi controls reorder what is
 * shown. JSON output needs none of this: it is for programs, and JSON.stringify escapes C0.
 */

// C0, DEL, C1 (0x9b is a one-byte CSI), ALM, LRM/RLM, LINE/PARAGRAPH SEPARATOR (line breaks to
// some terminals and editors), the bidi embeddings/overrides (LRE...RLO) and isolates (LRI...PDI).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const short = SHORT[c];
  if (short) return short;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Writes every control character of `text` as an escape (`\n`, `\r`, `\t`, `\x1b`, `\x9b`,
 * `\u2028`, `\u202e`...), so the text stays on one line and the terminal shows it as it is.
 * Everything else, backslashes included, is kept: a Windows path stays readable, and a literal
 * `\n` typed by a sender can only ever look like an escape, never act as one.
 * @example escapeControlCharacters('ok\n\x1b[2J') // 'ok\\n\\x1b[2J'
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, escapeOne);
}
