/** `npm run demo -- pictures`: writes every picture as SVG into docs/pictures/. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TopLevelSpec } from 'vega-lite'
import { loadSpec } from './load.js'
import { movementSpec } from './movement.js'
import { svgOf } from './render.js'
import { ringSpec } from './ring.js'
import { viewsSpec } from './views.js'

/** The pictures by file name; the README links them by these names. */
export const PICTURES: ReadonlyArray<{ file: string; spec: () => TopLevelSpec }> = [
  { file: 'ring.svg', spec: ringSpec },
  { file: 'load.svg', spec: () => loadSpec() },
  { file: 'movement.svg', spec: () => movementSpec() },
  { file: 'views.svg', spec: () => viewsSpec() },
]

export const PICTURES_DIR = fileURLToPath(new URL('../../../../docs/pictures/', import.meta.url))

/** Renders and writes every picture; returns the paths written. */
export async function writePictures(dir = PICTURES_DIR): Promise<string[]> {
  mkdirSync(dir, { recursive: true })
  const written: string[] = []
  for (const picture of PICTURES) {
    const file = join(dir, picture.file)
    writeFileSync(file, await svgOf(picture.spec()))
    written.push(file)
  }
  return written
}
