/**
 * Text from the network on its way to a terminal. A host (or a member, through it) must not be
 * able to drive the terminal: colour it, move the cursor, rewrite the title or the clipboard
 * (OSC 52), hide text with a carriage return, or reorder a line with bidi controls. Every such
 * character is shown instead as a visible stand-in; only new lines and tabs pass.
 */

/** C0 controls but tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate controls. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const standIn = (c: string): string => {
  const code = c.codePointAt(0)!;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␛ for ESC, ␍ for CR…
  if (code === 0x7f) return '\u2421'; // ␡
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
};

/** The text with every control and bidi character replaced by a visible stand-in. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, standIn);
}
