import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
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
