/** The typing indicator's words: `Bob is typing…`, `Bob and Carol are typing…`, … */
export function typingText(names: readonly string[]): string {
  const [a, b, c] = names;
  if (a === undefined) return '';
  if (b === undefined) return `${a} is typing…`;
  if (c === undefined) return `${a} and ${b} are typing…`;
  if (names.length === 3) return `${a}, ${b} and ${c} are typing…`;
  return 'Several people are typing…';
}
