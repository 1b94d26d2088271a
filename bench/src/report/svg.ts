/**
 * A small SVG writer for grouped bar charts: one panel per measured operation, stacked vertically
 * in one image. Hand-written so the benchmark needs no chart library; it only has to draw bars,
 * axes with ticks (linear or log) and a legend.
 */

/** One bar series (a contender): its legend name and fill colour. */
export interface Series {
  name: string
  color: string
}

/** One group of bars (a size); `values[i]` belongs to `series[i]`, undefined draws no bar. */
export interface BarGroup {
  label: string
  values: Array<number | undefined>
}

/** One chart panel. */
export interface Panel {
  title: string
  /** The y axis label, e.g. `ns per op`. */
  axisLabel: string
  series: Series[]
  groups: BarGroup[]
  /** `auto` (default) uses a log scale when the values span more than {@link LOG_SCALE_SPAN}×. */
  scale?: 'log' | 'linear' | 'auto'
  /** Where a linear axis starts (default 0), e.g. 1 for max/mean ratios. */
  linearFrom?: number
  /** Formats a value for bar tooltips and labels. */
  format?: (value: number) => string
  /** Formats a tick label (default: `format`). */
  tickFormat?: (value: number) => string
}

/** Above this max/min ratio, `auto` panels use a log scale so small bars stay visible. */
export const LOG_SCALE_SPAN = 20

const WIDTH = 1000
const MARGIN_LEFT = 90
const MARGIN_RIGHT = 20
const PLOT_HEIGHT = 220
const PANEL_TITLE = 26
const LEGEND_ROW = 18
const X_LABELS = 34
const PANEL_GAP = 24

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** A number rounded for coordinates, without trailing zeros. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10)
}

/** Whether a panel is drawn with a log scale. */
export function usesLogScale(panel: Panel): boolean {
  if (panel.scale === 'log') return true
  if (panel.scale === 'linear') return false
  const values = panel.groups.flatMap((g) => g.values).filter((v): v is number => v !== undefined && v > 0)
  if (values.length === 0) return false
  return Math.max(...values) / Math.min(...values) > LOG_SCALE_SPAN
}

/** Powers of ten from below the smallest to above the largest value: the log axis ticks. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) throw new RangeError('log ticks need positive values')
  const lo = Math.floor(Math.log10(min))
  let hi = Math.ceil(Math.log10(max))
  if (hi === lo) hi++
  const ticks: number[] = []
  for (let e = lo; e <= hi; e++) ticks.push(10 ** e)
  return ticks
}

/** Evenly spaced ticks of a "nice" step (1, 2 or 5 × 10^k) from `from` to at least `max`. */
export function linearTicks(from: number, max: number, count = 5): number[] {
  const span = Math.max(max - from, Number.EPSILON)
  const raw = span / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude
  const ticks: number[] = []
  for (let k = 0; ; k++) {
    const t = from + k * step
    ticks.push(Number(t.toPrecision(12))) // no 0.30000000000000004
    if (t >= max) break
  }
  return ticks
}

/** The series that have at least one value in the panel, with their original indices. */
function seriesInUse(panel: Panel): Array<{ series: Series; index: number }> {
  return panel.series
    .map((series, index) => ({ series, index }))
    .filter(({ index }) => panel.groups.some((g) => g.values[index] !== undefined))
}

/** The width a legend entry takes: the swatch, a gap and about 7.5 px a character at 12 px. */
function legendWidth(name: string): number {
  return 30 + Math.ceil(name.length * 7.5)
}

/** The legend rows of a panel: as many names as fit across the width per row. */
function legendRows(panel: Panel, width: number): Series[][] {
  const rows: Series[][] = [[]]
  let x = 0
  for (const { series } of seriesInUse(panel)) {
    const w = legendWidth(series.name)
    if (x + w > width && rows[rows.length - 1].length > 0) {
      rows.push([])
      x = 0
    }
    rows[rows.length - 1].push(series)
    x += w
  }
  return rows
}

/** The height one panel takes. */
function panelHeight(panel: Panel): number {
  return (
    PANEL_TITLE +
    legendRows(panel, WIDTH - MARGIN_LEFT - MARGIN_RIGHT).length * LEGEND_ROW +
    PLOT_HEIGHT +
    X_LABELS
  )
}

/** A group label centred under its bars, one line per ` · `-separated part so labels of narrow groups do not overlap. */
function groupLabelSvg(label: string, x: number, y: number): string {
  const lines = label.split(' · ')
  const spans = lines.map(
    (line, i) => `<tspan x="${n(x)}" dy="${i === 0 ? 0 : 13}">${escapeXml(line)}</tspan>`,
  )
  return `<text x="${n(x)}" y="${n(y)}" class="tick" text-anchor="middle">${spans.join('')}</text>`
}

/** Draws one panel with its top at `top`; returns its SVG elements. */
function drawPanel(panel: Panel, top: number): string[] {
  const format = panel.format ?? ((v: number) => String(v))
  const tickFormat = panel.tickFormat ?? format
  const plotWidth = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
  const out: string[] = []
  out.push(`<text x="${MARGIN_LEFT}" y="${n(top + 17)}" class="title">${escapeXml(panel.title)}</text>`)

  // Legend
  const rows = legendRows(panel, plotWidth)
  rows.forEach((row, r) => {
    let x = MARGIN_LEFT
    const y = top + PANEL_TITLE + r * LEGEND_ROW
    for (const s of row) {
      out.push(`<rect x="${n(x)}" y="${n(y + 2)}" width="12" height="12" fill="${s.color}"/>`)
      out.push(`<text x="${n(x + 16)}" y="${n(y + 12)}" class="legend">${escapeXml(s.name)}</text>`)
      x += legendWidth(s.name)
    }
  })

  const plotTop = top + PANEL_TITLE + rows.length * LEGEND_ROW + 6
  const plotBottom = plotTop + PLOT_HEIGHT - 6
  const values = panel.groups.flatMap((g) => g.values).filter((v): v is number => v !== undefined && v > 0)
  if (values.length === 0) return out
  const log = usesLogScale(panel)
  const from = panel.linearFrom ?? 0
  // Half the smallest value as the log floor, so the shortest bar never sits flat on the axis.
  const ticks = log
    ? logTicks(Math.min(...values) / 2, Math.max(...values))
    : linearTicks(from, Math.max(...values))
  const lo = ticks[0]
  const hi = ticks[ticks.length - 1]
  const y = (v: number) => {
    const t = log
      ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
      : (v - lo) / (hi - lo)
    return plotBottom - Math.max(0, Math.min(1, t)) * (plotBottom - plotTop)
  }

  // Axis, grid lines and tick labels
  for (const t of ticks) {
    const ty = y(t)
    out.push(
      `<line x1="${MARGIN_LEFT}" y1="${n(ty)}" x2="${WIDTH - MARGIN_RIGHT}" y2="${n(ty)}" class="grid"/>`,
    )
    out.push(
      `<text x="${MARGIN_LEFT - 6}" y="${n(ty + 4)}" class="tick" text-anchor="end">${escapeXml(tickFormat(t))}</text>`,
    )
  }
  const axisLabel = `${panel.axisLabel}${log ? ' (log scale)' : ''}`
  const midY = (plotTop + plotBottom) / 2
  out.push(
    `<text x="14" y="${n(midY)}" class="axis" text-anchor="middle" transform="rotate(-90 14 ${n(midY)})">${escapeXml(axisLabel)}</text>`,
  )
  out.push(
    `<line x1="${MARGIN_LEFT}" y1="${n(plotBottom)}" x2="${WIDTH - MARGIN_RIGHT}" y2="${n(plotBottom)}" class="axisline"/>`,
  )

  // Bars: every group gets a slot per series in use, so a contender keeps its place across groups.
  const used = seriesInUse(panel)
  const groupWidth = plotWidth / panel.groups.length
  const barWidth = (groupWidth * 0.8) / Math.max(1, used.length)
  // Figures above the bars only when every one of them fits (about 6 px a character at 10 px):
  // labels on some bars and not others would read as if the others had none.
  const labelsFit = values.every((v) => tickFormat(v).length * 6 + 2 <= barWidth)
  panel.groups.forEach((group, g) => {
    const left = MARGIN_LEFT + g * groupWidth + groupWidth * 0.1
    used.forEach(({ series, index }, slot) => {
      const v = group.values[index]
      if (v === undefined || !(v > 0)) return
      const barTop = y(v)
      const x = left + slot * barWidth
      out.push(
        `<rect x="${n(x)}" y="${n(barTop)}" width="${n(Math.max(1, barWidth - 1))}" height="${n(Math.max(0.5, plotBottom - barTop))}" fill="${series.color}"><title>${escapeXml(`${series.name} · ${group.label}: ${format(v)}`)}</title></rect>`,
      )
      if (labelsFit) {
        out.push(
          `<text x="${n(x + (barWidth - 1) / 2)}" y="${n(barTop - 3)}" class="value" text-anchor="middle">${escapeXml(tickFormat(v))}</text>`,
        )
      }
    })
    out.push(groupLabelSvg(group.label, MARGIN_LEFT + (g + 0.5) * groupWidth, plotBottom + 15))
  })
  return out
}

/** The whole chart: a title, a subtitle line and the panels one under the other. */
export function renderChart(panels: readonly Panel[], title: string, subtitle: string): string {
  const head = 56
  let top = head
  const body: string[] = []
  for (const panel of panels) {
    body.push(...drawPanel(panel, top))
    top += panelHeight(panel) + PANEL_GAP
  }
  const height = top
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif">`,
    '<style>.title{font-size:15px;font-weight:600;fill:#222}.legend{font-size:12px;fill:#333}.tick{font-size:11px;fill:#555}.value{font-size:10px;fill:#333}.axis{font-size:12px;fill:#444}.grid{stroke:#e4e4e4;stroke-width:1}.axisline{stroke:#888;stroke-width:1}.h1{font-size:18px;font-weight:700;fill:#111}.sub{font-size:12px;fill:#555}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${MARGIN_LEFT}" y="24" class="h1">${escapeXml(title)}</text>`,
    `<text x="${MARGIN_LEFT}" y="42" class="sub">${escapeXml(subtitle)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n')
}
