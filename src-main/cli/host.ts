/**
 * `npm run host`: the headless LAN Chat host (the program itself is run-host.ts).
 *
 * Why this small door: about half of a start's CPU (~0.8 s) is Node stripping the TypeScript
 * types of every module. Node can keep that work on disk, but only for modules compiled after
 * the cache is on, and a static import is compiled before any line of its importer runs; so the
 * cache is turned on here and the program is imported afterwards.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./run-host.ts');
