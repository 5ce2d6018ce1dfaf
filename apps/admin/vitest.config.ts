import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Component tests: jsdom, no network, no browser.
export default defineConfig({
  plugins: [react()],
  test: {
    watch: false,
    environment: 'jsdom',
    include: ['src/**/*.spec.tsx', 'src/**/*.spec.ts'],
    setupFiles: ['src/test/setup.ts'],
    testTimeout: 20_000,
    css: false,
  },
});
