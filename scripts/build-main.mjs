// Bundles the main process for each way it runs: the Electron entry and its
// preload (CommonJS, because a sandboxed preload must be CommonJS), and the
// web bridge (ES module, run by Node from the source checkout).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['main/app/electron-main.ts'],
    outfile: 'dist/main/electron.cjs',
    format: 'cjs',
    external: ['electron'],
    // sandbox/sandbox.ts reads import.meta.url only when __dirname is absent,
    // which never happens in this CommonJS bundle.
    logOverride: { 'empty-import-meta': 'silent' },
  }),
  build({
    ...common,
    entryPoints: ['main/app/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['main/web/web-main.ts'],
    outfile: 'dist/main/web.mjs',
    format: 'esm',
    // node_modules is present wherever the web bridge runs, so packages stay
    // outside the bundle and load with Node's own resolution.
    packages: 'external',
  }),
]);
