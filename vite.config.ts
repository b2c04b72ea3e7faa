import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built to static files that both the Electron window and the
// web bridge serve, so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  // assets/ contains the icons, and the renderer serves them as its favicon.
  publicDir: '../assets',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
