/**
 * The code blocks of the README and what they must print (the rule is in the README's
 * "Contributing" section):
 * - a ```ts or ```js block is a complete program, run as written against the built packages (a ts
 *   block is type-checked too, strict);
 *   each `// prints: <text>` comment is one line it must print (console.log), in order;
 * - `<!-- readme-test: browser -->` on the line before the fence: it runs in Chromium, bundled by Vite;
 * - `<!-- readme-test: skip: <why> -->` there: not run (API signatures), with the reason;
 * - blocks in other languages (sh, …) are not run.
 */

/** One fenced block of the README. */
export interface Block {
  /** 1-based line of the opening fence. */
  line: number
  lang: string
  code: string
  /** How it runs: in Node, in Chromium, or not at all (with the reason). */
  mode: 'node' | 'browser' | { skip: string }
  /** The `// prints:` texts, in order. */
  prints: string[]
}

const RUN_LANGS = new Set(['ts', 'js', 'typescript', 'javascript'])
const MARKER = /^<!--\s*readme-test:\s*(browser|skip:\s*(.+?))\s*-->$/

/** Every fenced block of `markdown`. */
export function extractBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n')
  const blocks: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i])
    if (open === null) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i])
    const lang = open[1]
    // The marker: the nearest non-blank line above the fence.
    let above = start - 1
    while (above >= 0 && lines[above].trim() === '') above--
    const marker = above >= 0 ? MARKER.exec(lines[above].trim()) : null
    let mode: Block['mode']
    if (!RUN_LANGS.has(lang)) mode = { skip: `a ${lang || 'plain'} block` }
    else if (marker === null) mode = 'node'
    else if (marker[1] === 'browser') mode = 'browser'
    else mode = { skip: marker[2] }
    const prints = body.flatMap((line) => {
      const match = /\/\/ prints: (.*)$/.exec(line)
      return match === null ? [] : [match[1].trimEnd()]
    })
    blocks.push({ line: start + 1, lang, code: body.join('\n'), mode, prints })
  }
  return blocks
}
