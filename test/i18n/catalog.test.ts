/**
 * The catalogs are complete: every message file is in both catalogs, English and Chinese have
 * exactly the same keys (plural messages: `_one` + `_other` in English, `_other` in Chinese) and
 * the same placeholders, and no text is empty. The types (src-shared/i18n/keys.ts) catch unknown
 * keys and missing values at compile time; this catches what types cannot.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, zhCN } from '../../src-shared/i18n/catalogs.ts';

const dir = join(import.meta.dirname, '../../src-shared/i18n/messages');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

type Half = Record<string, string>;
const areas = await Promise.all(
  files.map(async (f) => {
    const m = (await import(join(dir, f))) as { en: Half; zhCN: Half };
    return { area: basename(f, '.ts'), en: m.en, zh: m.zhCN };
  }),
);

/** The key a plural form belongs to. */
const base = (k: string): string => k.replace(/_(one|other)$/, '');
/** The sorted placeholder names of a text. */
const placeholders = (s: string): string[] => [...s.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('message catalogs', () => {
  it('has message files', () => {
    expect(areas.length).toBeGreaterThan(2);
  });

  for (const { area, en: enHalf, zh } of areas) {
    describe(area, () => {
      it(`every key starts with "${area}."`, () => {
        for (const k of [...Object.keys(enHalf), ...Object.keys(zh)]) expect(k.startsWith(`${area}.`), k).toBe(true);
      });

      it('is in both catalogs', () => {
        for (const [k, v] of Object.entries(enHalf)) expect((en as Half)[k], k).toBe(v);
        for (const [k, v] of Object.entries(zh)) expect((zhCN as Half)[k], k).toBe(v);
      });

      it('English and Chinese have the same keys', () => {
        const enKeys = Object.keys(enHalf).filter((k) => !k.endsWith('_one'));
        expect(Object.keys(zh).sort()).toEqual(enKeys.sort());
        // A plural message has both English forms.
        for (const k of Object.keys(enHalf)) {
          if (k.endsWith('_one')) expect(enHalf[`${base(k)}_other`], k).toBeDefined();
          if (k.endsWith('_other')) expect(enHalf[`${base(k)}_one`], k).toBeDefined();
        }
      });

      it('the texts have the same placeholders and are not empty', () => {
        for (const [k, v] of Object.entries(zh)) {
          expect(v.trim(), k).not.toBe('');
          expect(placeholders(v), k).toEqual(placeholders(enHalf[k] ?? ''));
          if (k.endsWith('_other')) {
            // English "1 message" may spell the one out; its other placeholders must match.
            const one = placeholders(enHalf[`${base(k)}_one`] ?? '').filter((p) => p !== 'count');
            expect(
              one.every((p) => placeholders(v).includes(p)),
              k,
            ).toBe(true);
          }
        }
        for (const [k, v] of Object.entries(enHalf)) expect(v.trim(), k).not.toBe('');
      });
    });
  }

  it('the catalogs hold nothing but the message files', () => {
    const total = (half: 'en' | 'zh'): number => areas.reduce((n, a) => n + Object.keys(a[half]).length, 0);
    expect(Object.keys(en).length).toBe(total('en'));
    expect(Object.keys(zhCN).length).toBe(total('zh'));
  });

  it('no Chinese text is left in English', () => {
    // A text with Latin letters only and no CJK is an untranslated copy, unless it is a name or
    // a symbol listed here (e.g. "LAN Chat" stays a brand in some places).
    const allowed = new Set<string>([]);
    for (const [k, v] of Object.entries(zhCN as Half)) {
      const stripped = v.replace(/\{\{[^}]+\}\}/g, '');
      if (/[A-Za-z]{3,}/.test(stripped) && !/[\u3000-\u9fff\uff00-\uffef]/.test(stripped)) {
        expect(allowed.has(k), `${k}: "${v}" looks untranslated`).toBe(true);
      }
    }
  });
});
