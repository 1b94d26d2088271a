/** A table as data, and its two renderings: aligned plain text for the terminal, and markdown. */

/** A column: its header and which side its cells are aligned to. */
export interface Column {
  header: string
  align: 'left' | 'right'
}

/** A titled table; `notes` are printed under it. */
export interface Table {
  title: string
  columns: Column[]
  rows: string[][]
  notes?: string[]
}

// Characters that take no column of their own in a terminal (combining marks) are not used in
// cells, so a cell's width is its length in code points.
function width(text: string): number {
  return [...text].length
}

function pad(text: string, size: number, align: Column['align']): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)))
  return align === 'right' ? fill + text : text + fill
}

/** Plain text with columns padded to their widest cell, a rule under the header, notes below. */
export function renderText(table: Table): string {
  const widths = table.columns.map((c, i) =>
    Math.max(width(c.header), ...table.rows.map((r) => width(r[i] ?? ''))),
  )
  const line = (cells: string[]) =>
    table.columns
      .map((c, i) => pad(cells[i] ?? '', widths[i], c.align))
      .join('  ')
      .trimEnd()
  const out = [
    table.title,
    line(table.columns.map((c) => c.header)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...table.rows.map(line),
  ]
  for (const note of table.notes ?? []) out.push(`  ${note}`)
  return out.join('\n')
}

/** Escapes what would break a markdown table cell. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/**
 * A GitHub-flavoured markdown table under a heading of `headingLevel` (0: none, where the
 * surrounding section already names it), notes as a paragraph below.
 */
export function renderMarkdown(table: Table, headingLevel = 4): string {
  const row = (cells: string[]) =>
    `| ${table.columns.map((_, i) => escapeMarkdownCell(cells[i] ?? '')).join(' | ')} |`
  const out = [
    ...(headingLevel > 0 ? [`${'#'.repeat(headingLevel)} ${table.title}`, ''] : []),
    row(table.columns.map((c) => c.header)),
    `| ${table.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`,
    ...table.rows.map(row),
  ]
  if (table.notes !== undefined && table.notes.length > 0) out.push('', table.notes.join(' '))
  return out.join('\n')
}
