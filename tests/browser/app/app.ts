// The app that src/build-app.ts bundles with Vite for production: @chash/core as published (its
// dist/), whose wasm backend Vite must emit as an asset that the bundle then fetches.
export { availableBackends, ConsistentHashRing, init } from '@chash/core'
