import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['types.test.ts'],
    environment: 'node',
    // Packing, an npm install and six compilers' runs; a loaded 2-core machine needs the margin.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
