import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Each runtime runs the whole golden suite on up to three backends; a loaded 2-core machine needs the margin.
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
})
