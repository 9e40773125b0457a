/**
 * Helpers of the language and accessibility spec: axe-core on a screen in both themes and both
 * sizes (with a screenshot of each), and the Latin words left on a screen that should be Chinese.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** The two sizes every screen is checked at: a desktop window and a small phone. */
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
] as const;

/** The WCAG 2.2 AA rules and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Saves a screenshot (the `shot` fixture). */
type Shot = (page: Page, name: string) => Promise<void>;

/**
 * Runs axe on the page as it is, in light and dark at both sizes, and screenshots each.
 * @returns the serious and critical violations, one line each (empty when clean)
 */
export async function axeEveryWay(page: Page, screen: string, shot: Shot): Promise<string[]> {
  const found: string[] = [];
  const before = page.viewportSize();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      // Let a layout that depends on the width (the narrow room list, media queries) settle.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(page, `${screen}-${colorScheme}-${size.width}`);
      found.push(...(await seriousViolations(page, `${screen} ${colorScheme} ${size.width}px`)));
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (before) await page.setViewportSize(before);
  return found;
}

/**
 * Runs axe once on the page as it is (its current theme and size).
 * @returns the serious and critical violations, one line each, led by `label` (empty when clean)
 */
export async function seriousViolations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Every text of the interface a person can perceive: the visible text and the names and hints
 * read aloud or shown on hover (aria-label, title, placeholder, alt), less what people wrote
 * (message texts, file names): those are theirs, in whatever language they chose.
 */
export function interfaceText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.body.cloneNode(true) as HTMLElement;
    for (const el of root.querySelectorAll('.bubble, .result .text, .fname, img')) el.remove();
    // innerText of a detached node has no layout: textContent, with hidden parts dropped first.
    for (const el of root.querySelectorAll('[hidden], template, style, script')) el.remove();
    const parts = [document.title, root.textContent ?? ''];
    for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const a of ['aria-label', 'title', 'placeholder']) parts.push(el.getAttribute(a) ?? '');
    }
    return parts.join('\n');
  });
}

/** Latin words left once links and the allowed words (names, addresses, key names…) are taken out. */
export function latinWords(text: string, allowed: readonly string[]): string[] {
  let rest = text.replace(/\bhttps?:\/\/\S*/g, ' ');
  for (const a of [...allowed].sort((x, y) => y.length - x.length)) rest = rest.split(a).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}
