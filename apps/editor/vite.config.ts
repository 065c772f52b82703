import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the engine runs separately; the built editor is served by the engine itself,
// so production needs no proxy and every request stays same-origin.
const engine = process.env['PATCHBAY_API'] ?? 'http://127.0.0.1:8080';

export const config = defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: engine, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
            },
            { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-[a-z]+|zustand|classcat)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
    },
  },
});

// Vite loads its config through the default export; this is the one place a default export is needed.
export default config;
