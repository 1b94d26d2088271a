/**
 * SVG from a Vega-Lite spec: compiled by vega-lite and rendered by Vega's headless SVG renderer in
 * Node (no browser, no canvas). The chart library draws axes, scales, legends and escaping; we only
 * describe the chart (chart.ts).
 */
import { parse, View } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'

/** The SVG document of `spec`. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' })
  try {
    return `${await view.toSVG()}\n`
  } finally {
    view.finalize()
  }
}
