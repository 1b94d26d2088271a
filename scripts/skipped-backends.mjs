// `npm run demo` on a machine where a backend could not be built: one line saying which backends
// the demo skips and why (the first clause of the error @chash/core gives when asked for it).
const core = await import(new URL('../packages/core/dist/index.js', import.meta.url).href)

const available = core.availableBackends()
const skipped = ['native', 'wasm']
  .filter((name) => !available.includes(name))
  .map((name) => {
    try {
      core.jumpHash(1, 1, { backend: name })
      return name
    } catch (error) {
      return `${name} (${String(error.message).split(';')[0]})`
    }
  })
if (skipped.length > 0) console.log(`[chash] the demo skips ${skipped.join(', ')}`)
