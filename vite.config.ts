import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { offlinePlugin } from './tools/offline-build';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer). A host that sends no such
// headers gets them from the service worker (src/offline), after one reload on the first visit.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative URLs throughout: dist/ works from any folder of any static host (GitHub Pages' /<repo>/, say).
  base: './',
  plugins: [react(), offlinePlugin()],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    // tfjs-wasm's threaded build re-creates its pthread workers from function source; minified identifiers
    // break them (tensorflow/tfjs#4539).
    minify: false,
    chunkSizeWarningLimit: 8000,
    rollupOptions: { input: { studio: 'index.html', bench: 'bench.html' } },
  },
  worker: { format: 'es' },
});
