// The WebAssembly spy: the harness installs this classic script with Playwright's addInitScript,
// so it runs in every page before any page script. It wraps the WebAssembly entry points and
// records each call in globalThis.__CHASH_WASM_SPY__.calls, so that a test can prove a module was
// really compiled and instantiated, whatever path the loader takes (@chash/core compiles with
// compileStreaming and instantiates with `new WebAssembly.Instance`; wasm-bindgen's own init()
// uses instantiateStreaming). The wrapped functions behave exactly like the originals.
;(() => {
  const W = globalThis.WebAssembly
  if (W === undefined || globalThis.__CHASH_WASM_SPY__ !== undefined) return
  const calls = []
  globalThis.__CHASH_WASM_SPY__ = { calls }

  const exportNames = (instance) => Object.keys(instance.exports).sort()
  const sourceOf = (call, source) => {
    if (source instanceof W.Module) {
      call.source = 'module'
    } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
      call.source = `${source.byteLength} bytes`
    } else if (source !== null && typeof source === 'object') {
      // A Response or a promise of one (the streaming calls).
      call.source = 'response'
      Promise.resolve(source).then(
        (response) => {
          call.source = response?.url || 'response'
        },
        () => {},
      )
    }
  }

  const wrapAsync = (name, record) => {
    const original = W[name]
    if (typeof original !== 'function') return
    W[name] = function (source, ...rest) {
      const call = { api: name }
      sourceOf(call, source)
      calls.push(call)
      return original.call(this, source, ...rest).then(
        (value) => {
          call.settled = 'fulfilled'
          record?.(call, value)
          return value
        },
        (error) => {
          call.settled = 'rejected'
          call.error = String(error)
          throw error
        },
      )
    }
  }
  // instantiate(bytes) gives { module, instance }; instantiate(module) gives the instance.
  const recordInstance = (call, value) => {
    const instance = value instanceof W.Instance ? value : value?.instance
    if (instance !== undefined) call.exports = exportNames(instance)
  }
  wrapAsync('compile')
  wrapAsync('compileStreaming')
  wrapAsync('instantiate', recordInstance)
  wrapAsync('instantiateStreaming', recordInstance)

  // The constructors: a Proxy keeps `instanceof` and the prototype working.
  const wrapConstructor = (name, record) => {
    const original = W[name]
    W[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        const call = { api: name }
        sourceOf(call, args[0])
        calls.push(call)
        const made = Reflect.construct(target, args, newTarget === W[name] ? target : newTarget)
        record?.(call, made)
        return made
      },
    })
  }
  wrapConstructor('Module')
  wrapConstructor('Instance', (call, instance) => {
    call.exports = exportNames(instance)
  })
})()
