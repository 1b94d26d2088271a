/**
 * Vega-Lite specs rendered to SVG in Node by Vega (no browser, no canvas: the SVG renderer writes
 * text with estimated widths). Every picture of the demo goes through here.
 */
import { parse, View } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import { PLACEMENTS } from '../placements.js'

/** The look shared by the pictures. */
export const CONFIG: TopLevelSpec['config'] = {
  font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 12, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: null },
}

/** Placements in their list order, each in the same colour in every picture. */
export const PLACEMENT_ORDER = PLACEMENTS.map((p) => p.name)
export const placementColor = {
  field: 'placement',
  type: 'nominal' as const,
  title: 'placement',
  sort: PLACEMENT_ORDER,
  scale: { domain: PLACEMENT_ORDER, scheme: 'tableau10' },
}

/** The SVG document of a Vega-Lite spec. */
export async function svgOf(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile({ config: CONFIG, ...spec }).spec), { renderer: 'none' })
  try {
    return `${await view.toSVG()}\n`
  } finally {
    view.finalize()
  }
}
