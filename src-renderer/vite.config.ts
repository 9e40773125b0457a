/**
 * Builds the renderer: the same files serve the desktop window (loaded from disk) and the
 * browser client (served by the host at `/`), hence relative asset paths.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: `${root}/../dist/renderer`,
    emptyOutDir: true,
    assetsDir: 'assets',
    // The host's CSP allows no inline code: never inline small assets as data: scripts.
    assetsInlineLimit: 0,
    // No module preload polyfill: it is an inline-free script anyway, but it adds nothing here.
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
  },
});
