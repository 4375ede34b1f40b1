import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// In development the SPA runs on Vite's server and the API on its own port;
// the proxy keeps both on one origin, as in production where the API serves dist/.
const apiTarget = process.env.CONVERGENCE_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
      '/readyz': apiTarget,
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // dist/.vite/manifest.json: which chunks each entry loads (tests/test_spa.py measures the
    // public pages' JavaScript from it).
    manifest: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate, long-cached chunks. Only the
        // "react" one (React and the router) is loaded by the public pages; Mantine and the rest
        // come with the staff application (main.tsx imports it lazily).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 20 },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, priority: 10 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 0 },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
