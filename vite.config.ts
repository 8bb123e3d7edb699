import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const fromRoot = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The API server the dev server forwards to (`npm start`, default port). */
const apiServer = 'http://127.0.0.1:3000';

export default defineConfig({
  root: fromRoot('./src/web'),
  // Gzip and Brotli copies beside each file, which the server sends to browsers that accept them
  // (@fastify/static's preCompressed): a third of the bytes, and no compressing per request.
  plugins: [react(), compression({ algorithms: ['gzip', 'brotliCompress'] })],
  build: {
    outDir: fromRoot('./dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // The CSP allows data: only for images; keep every other asset a file so nothing is inlined.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: 'react-aria',
              test: /node_modules[\\/](@?react-aria|@?react-stately|@internationalized)/,
            },
            // Loaded only by pages that need them (dynamic import): the password policy's
            // dictionaries (megabytes) and the QR code encoder stay out of the first download.
            { name: 'password-dictionaries', test: /node_modules[\\/]@zxcvbn-ts[\\/]/ },
            { name: 'qrcode', test: /node_modules[\\/](qrcode|dijkstrajs|pngjs)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
    },
  },
});
