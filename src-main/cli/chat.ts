/**
 * `npm run chat`: the terminal client (the program itself is run-chat.ts). The compile cache is
 * turned on before the program is imported, for the reason given in host.ts.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./run-chat.ts');
