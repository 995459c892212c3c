/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, fields with a comma, quote or line break
 * quoted and their quotes doubled, and a UTF-8 byte order mark first, without which Excel reads
 * Cyrillic as mojibake.
 */
export const BOM = '\uFEFF';

export type Cell = string | number | null | undefined;

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  // A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed
  // with an apostrophe: region names are typed by people and exported to other people.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
