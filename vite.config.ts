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
    rollupOptions: {
      input: { studio: 'index.html', bench: 'bench.html' },
      // The latent package's modules only define things: the page imports a pure helper through its door, and
      // the door must not pull in tfjs (which would start a tfjs engine on the page; tfjs runs in the worker).
      treeshake: { moduleSideEffects: (id: string) => !/\/src\/latent\//.test(id) },
    },
  },
  worker: { format: 'es' },
});
