/** A member's avatar: initials on one of eight colours, the same colour for the same member. */

export const AVATAR_HUES = 8;

/** The colour class of a member (`hue-0` … `hue-7`), stable for the member's id. */
export function hueClass(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return `hue-${h % AVATAR_HUES}`;
}

/** One or two letters for the avatar: `Alice Smith` → `AS`, `bob` → `B`. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = [...(words[0] ?? '?')][0] ?? '?';
  const second = words.length > 1 ? ([...words[words.length - 1]!][0] ?? '') : '';
  return (first + second).toUpperCase();
}
