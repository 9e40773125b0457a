/**
 * The 1.1 features this host serves: `welcome.features` and `/api/info` list them, and a client
 * uses only what is listed. A feature joins the list in the same change that implements it.
 */
import type { Feature } from '../../src-shared/protocol.ts';
import type { ResolvedOptions } from './options.ts';
import { LOG_FEATURES } from './room-log-actions.ts';

/** The features a host with these options serves, in the contract's order. */
export function hostFeatures(options: ResolvedOptions): Feature[] {
  return [
    'history',
    'search',
    ...LOG_FEATURES,
    ...(options.files ? (['files'] as const) : []),
    'dm',
    ...(options.tls ? (['tls'] as const) : []),
    'rename', // the project's extension (docs/protocol.md §16)
  ];
}
