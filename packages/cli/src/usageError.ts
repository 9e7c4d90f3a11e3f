/**
 * A mistake in how a command was called (unknown option, bad value). The CLI prints its
 * message (which says how to fix it) and exits with status 2, without a stack trace.
 * @example throw new UsageError('--port must be a number between 0 and 65535, got "x"')
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const LONGEST_SHOWN = 60;
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Shows a value the user typed inside a one-line error message: in double quotes, with
 * control characters (a pasted newline) written as escapes so the message stays on one line,
 * and cut after 60 characters. Other characters are shown as typed.
 * @example quoteArg('two\nlines') // '"two\\nlines"'
 */
export function quoteArg(value: string): string {
  const cut = value.length > LONGEST_SHOWN ? `${value.slice(0, LONGEST_SHOWN)}...` : value;
  const oneLine = cut.replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${oneLine}"`;
}
