/**
 * Copies text. `navigator.clipboard` exists only in a secure context (https or localhost), and a
 * browser client served by a LAN host over plain http is not one: then fall back to a selected,
 * off-screen textarea and `execCommand('copy')`, which every browser still supports.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (globalThis.isSecureContext && navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused: try the old way.
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  doc.body.append(area);
  area.select();
  try {
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
