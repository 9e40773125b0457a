/**
 * Checkers of untrusted values (what crosses the desktop bridge): each returns the value typed,
 * or throws {@link Refused} with a sentence that names the field (`what`) and the rule it broke.
 * The caller catches Refused once, at the boundary.
 */
/** Why an untrusted value was refused: its message names the field and the rule. */
export class Refused extends Error {}
/** Refuses with `why`. @throws {Refused} always */
export const refuse = (why: string): never => {
  throw new Refused(why);
};

export type Obj = Record<string, unknown>;
/** A plain object with no keys but `allowed` (a typo is refused, never ignored). */
export function object(v: unknown, what: string, allowed: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return refuse(`${what} must be an object.`);
  for (const key of Object.keys(v)) if (!allowed.includes(key)) refuse(`${what}.${key} is not expected.`);
  return v as Obj;
}
/** A string of at most `max` characters (matching `pattern`). */
export function str(v: unknown, what: string, max: number, pattern?: RegExp): string {
  if (typeof v !== 'string' || v.length > max) return refuse(`${what} must be a string of at most ${max} characters.`);
  if (pattern && !pattern.test(v)) refuse(`${what} is not valid.`);
  return v;
}
/** A safe integer from `min` to `max`. */
export function int(v: unknown, what: string, min: number, max: number): number {
  if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) {
    return refuse(`${what} must be a whole number from ${min} to ${max}.`);
  }
  return v as number;
}
/** A boolean. */
export function bool(v: unknown, what: string): boolean {
  return typeof v === 'boolean' ? v : refuse(`${what} must be true or false.`);
}
/** An array of at most `max` items, each checked by `item`. */
export function list<T>(v: unknown, what: string, max: number, item: (x: unknown, what: string) => T): T[] {
  if (!Array.isArray(v) || v.length > max) return refuse(`${what} must be a list of at most ${max} items.`);
  return v.map((x, i) => item(x, `${what}[${i}]`));
}
