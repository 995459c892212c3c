/** Plain-text output: the demo prints to a terminal, so tables are aligned columns, nothing more. */

export const number = (n: number) => n.toLocaleString('en-US');

function plural(n: number, word: string): string {
  if (n === 1) return word;
  if (/(s|sh|ch|x)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** "1,352 appeals", "1 raid". */
export const count = (n: number, word: string) => `${number(n)} ${plural(n, word)}`;

/** Columns padded to their widest cell; `right` lists the columns aligned right (numbers). */
export function table(
  header: string[],
  rows: string[][],
  options: { right?: number[]; indent?: string } = {},
): string {
  const right = new Set(options.right ?? []);
  const indent = options.indent ?? '  ';
  const cells = [header, ...rows].map((row) =>
    row.map((cell, i) => (right.has(i) && /^-?\d+$/.test(cell) ? number(Number(cell)) : cell)),
  );
  const widths = header.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
  const line = (row: string[]) =>
    indent +
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - [...cell].length);
        return right.has(i) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]),
    indent + widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}
