import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Packing, an npm install, a Vite build and a Chromium start; a loaded 2-core machine needs the margin.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
