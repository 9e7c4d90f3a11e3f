/**
 * CSV encoding per RFC 4180: a field is quoted when it holds a comma, a double quote, a CR
 * or a LF, and quotes inside are doubled. Rows end with `\n`.
 */

/**
 * One CSV field. `null`/`undefined` give an empty field; objects and arrays are written as
 * their JSON text.
 * @example csvField('a,"b"') // '"a,""b"""'
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV row, newline included.
 * @example csvRow(['a', 1, null]) // 'a,1,\n'
 */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\n`;
}
