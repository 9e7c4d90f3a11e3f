/**
 * Plain-text tables for the terminal: columns padded to their widest cell, the first column
 * left-aligned and the others right-aligned (they hold numbers), two spaces between columns.
 * Optional ANSI styles are applied after padding, so colour never shifts a column.
 */

/** Styles for a table's parts; each takes the padded text and returns what is printed. */
export interface TableStyle {
  readonly header: (text: string) => string;
  /** For cells equal to the `missing` marker. */
  readonly missing: (text: string) => string;
  /** For section rows (a row with a single cell). */
  readonly section: (text: string) => string;
}

const ANSI_BOLD = '\u001b[1m';
const ANSI_DIM = '\u001b[2m';
const ANSI_RESET = '\u001b[0m';

/** No styling. */
export const PLAIN_STYLE: TableStyle = { header: (t) => t, missing: (t) => t, section: (t) => t };

/** Bold headers and sections, dim missing values. */
export const ANSI_STYLE: TableStyle = {
  header: (t) => `${ANSI_BOLD}${t}${ANSI_RESET}`,
  missing: (t) => `${ANSI_DIM}${t}${ANSI_RESET}`,
  section: (t) => `${ANSI_BOLD}${t}${ANSI_RESET}`,
};

/**
 * Renders `rows` under `header` as lines (no trailing newline). A row of one cell is a
 * section title: printed as it is, not counted in the widths.
 * @example renderTable(['model', 'rows'], [['iris@v1', '221']]) // 'model    rows\niris@v1   221'
 */
export function renderTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  options: { style?: TableStyle; indent?: string; missing?: string } = {},
): string {
  const style = options.style ?? PLAIN_STYLE;
  const indent = options.indent ?? '';
  const widths = header.map((h) => [...h].length);
  for (const row of rows) {
    if (row.length === 1) continue;
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  const pad = (cell: string, i: number): string => {
    const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...cell].length));
    return i === 0 ? cell + fill : fill + cell;
  };
  const line = (cells: readonly string[], styleCell: (text: string, raw: string) => string): string =>
    `${indent}${cells.map((cell, i) => styleCell(pad(cell, i), cell)).join('  ')}`.trimEnd();
  const lines = [line(header, (text) => style.header(text))];
  for (const row of rows) {
    if (row.length === 1) lines.push(`${indent}${style.section(row[0] ?? '')}`);
    else lines.push(line(row, (text, raw) => (options.missing !== undefined && raw === options.missing ? style.missing(text) : text)));
  }
  return lines.join('\n');
}
