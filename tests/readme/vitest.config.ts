import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // A Vite build and a Chromium start for the browser blocks; a loaded 2-core machine needs the margin.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
