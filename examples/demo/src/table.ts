/** Tables as aligned text for the terminal or as Markdown for the README, from the same cells. */

/** A header row and body rows of cells. */
export interface Table {
  header: string[]
  rows: string[][]
}

/** An aligned text table. */
export function textTable({ header, rows }: Table): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join(' | ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n')
}

/** A Markdown table (pipes in cells escaped). */
export function markdownTable({ header, rows }: Table): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** `part` as a share of `whole`, e.g. `19.8%`. */
export function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(whole, 1)).toFixed(1)}%`
}

/** `n (p%)`. */
export function countOf(part: number, whole: number): string {
  return `${part} (${percent(part, whole)})`
}

/**
 * Replaces the lines between `<!-- name:start … -->` and `<!-- name:end -->` in `doc` with `body`;
 * throws when the markers are missing, so a renamed section is noticed.
 */
export function replaceSection(doc: string, name: string, body: string): string {
  const start = doc.indexOf(`<!-- ${name}:start`)
  const startEnd = doc.indexOf('-->', start) + 3
  const end = doc.indexOf(`<!-- ${name}:end -->`)
  if (start < 0 || end < startEnd)
    throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> section`)
  return `${doc.slice(0, startEnd)}\n${body.trim()}\n${doc.slice(end)}`
}
