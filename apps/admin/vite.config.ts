import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const gateway = process.env.ARREARS_GATEWAY ?? 'http://localhost:4000';

/** With ARREARS_SIZE_MODULES=<file>, writes which packages fill each chunk (used by scripts/size-report.mjs). */
function moduleSizes(): Plugin | false {
  const target = process.env.ARREARS_SIZE_MODULES;
  if (!target) return false;
  return {
    name: 'arrears-module-sizes',
    generateBundle(_options, bundle) {
      const report: Record<string, Record<string, number>> = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const byPackage: Record<string, number> = {};
        for (const [id, info] of Object.entries(chunk.modules)) {
          const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
          const key = match?.[1] ?? 'app source';
          byPackage[key] = (byPackage[key] ?? 0) + info.renderedLength;
        }
        report[chunk.fileName] = byPackage;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, JSON.stringify(report, null, 2));
    },
  };
}

export default defineConfig({
  plugins: [react(), moduleSizes()],
  // No alias from graphql to its CommonJS index here (the server projects need one): the browser
  // bundle gets graphql's ES modules, one realm, tree-shaken.
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: gateway, changeOrigin: true },
      '/api': { target: gateway, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
});
