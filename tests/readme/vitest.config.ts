import { defineConfig } from 'vitest/config'

// A browser block means a Vite build and a Chromium start: a loaded 2-core machine needs the margin.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 180_000 } })
