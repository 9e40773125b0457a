/**
 * `npm run host`: the headless LAN Chat host (the program itself is run-host.ts).
 *
 * Why this small door, and why in plain JavaScript: about half of a start's CPU (~0.8 s) is Node
 * stripping the TypeScript types of every module, and the stripper (a WebAssembly build of SWC)
 * stays in memory once loaded: ~15 MiB of the host's RSS for its whole life. Node can keep the
 * stripped modules on disk, but only for modules compiled after the cache is on, and a static
 * import is compiled before any line of its importer runs. So the cache is turned on here, in a
 * file that needs no stripping, and the program is imported afterwards; from the second start
 * on, nothing is stripped and the stripper is never loaded (docs/performance.md).
 */
import { enableCompileCache, flushCompileCache } from 'node:module';

enableCompileCache();
await import('./run-host.ts');
// Written now, not only at a clean exit: a host that is killed starts warm next time too.
flushCompileCache();
