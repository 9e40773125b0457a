/**
 * No text a person reads is hard-coded in English: every such text comes from the catalogs.
 * Checked where it can be checked from the source: the Svelte components' markup (text between
 * tags, and the attributes that are read aloud or shown: aria-label, title, placeholder, alt,
 * label) and the string literals of the renderer's and the terminal's code that look like
 * sentences. Names, symbols and technical tokens are listed below, each with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** Files whose every text is for people (the host's log lines are English by design, elsewhere). */
const SOURCES = ['src-renderer/components', 'src-renderer/lib', 'src-renderer/state'];
const CLI_SOURCES = [
  'src-main/cli/run-chat.ts',
  'src-main/cli/chat-commands.ts',
  'src-main/cli/send-file.ts',
  'src-main/cli/chat-args.ts',
  'src-main/cli/host-args.ts',
  'src-main/cli/usage.ts',
  'src-main/cli/run-host.ts',
];

/** Attributes whose value is read aloud or shown. */
const SPOKEN = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);

/** Texts that are the same in every language: an example address, a key name, a format tag. */
const ALLOWED = new Set<string>([
  '192.168.1.20/general', // the example address in the join form's placeholder
  '[file]', // the terminal's marker before a file line (like "*" before a join)
]);

/** Key names and shortcuts (`Ctrl+Enter`, `⌘+F`): the same on every keyboard. */
const KEYS = /^(⌘|Ctrl|Shift|Alt|Enter|Escape|Tab|[A-Z])([+ ](⌘|Ctrl|Shift|Alt|Enter|Escape|Tab|[A-Z]))*$/;

/**
 * Whether a literal reads like words for people: a capitalised word, or two words apart. Not a
 * class, code, message key (`room.you`), storage key (`lanchat.prefs.v1`), file name or selector.
 */
function wordy(s: string): boolean {
  const text = s.trim();
  if (text === '' || ALLOWED.has(text) || KEYS.test(text)) return false;
  // Command-line syntax (`npm run host -- [options]`, `--port N`) is typed as it is, in any language.
  if (/^(npm run |--[a-z])/.test(text)) return false;
  return /(^|[^A-Za-z.])[A-Z][a-z]+/.test(text) || /[A-Za-z]{2,}[^A-Za-z0-9._\-/\n]+[A-Za-z]/.test(text);
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Calls whose string arguments are not for people: translation itself, logs, developer errors, DOM queries. */
const NOT_FOR_PEOPLE =
  /^(t|say|message|hostError|errorText|.*\.(includes|startsWith|endsWith|has)|console\.\w+|matchMedia|window\.matchMedia|querySelector(All)?|\w+\.querySelector(All)?|closest|\w+\.closest|setAttribute|\w+\.setAttribute|getAttribute|\w+\.getAttribute|\w+\.setHeader|\w+\.getHeader|new (Type|Range)?Error|Symbol)$/;

/** The sentence-like string literals of TypeScript code, with their line. */
function tsTexts(file: string, code: string, lineOffset = 0): string[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isLiteralTypeNode(n)) return;
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      const callee = (ts.isNewExpression(n) ? 'new ' : '') + n.expression.getText(sf);
      if (NOT_FOR_PEOPLE.test(callee)) return;
    }
    // Comparisons and object keys are codes, not texts.
    if (ts.isBinaryExpression(n) && /^(===|!==|==|!=)$/.test(n.operatorToken.getText(sf))) return;
    if (ts.isCaseClause(n)) return ts.forEachChild(n, (c) => (c === n.expression ? undefined : visit(c)));
    let text: string | null = null;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text;
    else if (ts.isTemplateExpression(n)) text = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ');
    if (text !== null && !(ts.isPropertyAssignment(n.parent) && n.parent.name === n) && wordy(text)) {
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 + lineOffset;
      found.push(`${file}:${line}: ${JSON.stringify(text)}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

type Node = { type: string; [k: string]: unknown };
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';

/** Literals in a markup expression that would be shown as they are. */
function exprTexts(e: unknown, where: string, out: string[]): void {
  if (Array.isArray(e)) return e.forEach((x) => exprTexts(x, where, out));
  if (!isNode(e)) return;
  if (e.type === 'CallExpression') {
    const callee = e.callee as Node;
    if (callee.type === 'Identifier' && /^(t|hostError)$/.test(callee.name as string)) return;
  }
  if (e.type === 'BinaryExpression' && /^(===|!==|==|!=)$/.test(e.operator as string)) return;
  if (e.type === 'ConditionalExpression') return exprTexts([e.consequent, e.alternate], where, out);
  if (e.type === 'Literal' && typeof e.value === 'string' && wordy(e.value))
    out.push(`${where}: ${JSON.stringify(e.value)}`);
  if (e.type === 'TemplateElement') {
    const raw = (e.value as { raw: string }).raw;
    if (wordy(raw)) out.push(`${where}: ${JSON.stringify(raw)}`);
  }
  for (const [k, v] of Object.entries(e)) if (k !== 'loc' && k !== 'start' && k !== 'end') exprTexts(v, where, out);
}

/** The texts of a component's markup: between tags, in spoken attributes, in shown expressions. */
function markupTexts(file: string, source: string): string[] {
  const ast = parse(source, { modern: true });
  const out: string[] = [];
  const at = (n: Node) => `${file}:${source.slice(0, n.start as number).split('\n').length}`;
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!isNode(n)) return;
    if (n.type === 'Text') {
      const text = (n.data as string).trim();
      if (/[A-Za-z]{2,}/.test(text) && !ALLOWED.has(text)) out.push(`${at(n)}: ${JSON.stringify(text)}`);
      return;
    }
    if (n.type === 'ExpressionTag') return exprTexts(n.expression, at(n), out);
    for (const a of (n.attributes as Node[] | undefined) ?? []) {
      if (a.type !== 'Attribute' || !SPOKEN.has(a.name as string) || a.value === true) continue;
      for (const part of [a.value].flat() as Node[]) {
        if (part.type === 'Text') {
          if (wordy(part.data as string) || /^[A-Za-z]{2,}$/.test((part.data as string).trim()))
            out.push(`${at(a)}: ${a.name as string}=${JSON.stringify(part.data)}`);
        } else exprTexts(part.expression, at(a), out);
      }
    }
    // Children only: attributes were handled above, conditions and keys are not shown.
    for (const k of ['fragment', 'nodes', 'consequent', 'alternate', 'body', 'fallback', 'pending', 'then', 'catch'])
      walk(n[k]);
  };
  walk(ast.fragment);
  return out;
}

describe('no English text outside the catalogs', () => {
  const components = SOURCES.flatMap((d) => files(d, /\.svelte$/));
  const code = [...SOURCES.flatMap((d) => files(d, /\.ts$/)), ...CLI_SOURCES];

  it('finds the sources', () => {
    expect(components.length).toBeGreaterThan(20);
    expect(code.length).toBeGreaterThan(20);
  });

  it('the components’ markup says everything through t()', () => {
    const found = components.flatMap((f) =>
      markupTexts(relative(root, join(root, f)), readFileSync(join(root, f), 'utf8')),
    );
    expect(found).toEqual([]);
  });

  it('the components’ scripts, the renderer’s and the terminal’s code build no sentence in English', () => {
    const found: string[] = [];
    for (const f of components) {
      const source = readFileSync(join(root, f), 'utf8');
      for (const m of source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) {
        const offset = source.slice(0, m.index).split('\n').length - 1;
        found.push(...tsTexts(f, m[1] ?? '', offset));
      }
    }
    for (const f of code) found.push(...tsTexts(f, readFileSync(join(root, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const markup = markupTexts(
      'X.svelte',
      '<p>Hello</p><b title="Close it">{t("a.b")}</b><i>{ok ? "Sent" : t("x")}</i>',
    );
    expect(markup).toEqual(['X.svelte:1: "Hello"', 'X.svelte:1: title="Close it"', 'X.svelte:1: "Sent"']);
    const script = tsTexts(
      'x.ts',
      'const a = `${n} message(s) sent`; if (s === "Open") t("b.c"); console.log("Log line here");',
    );
    expect(script).toEqual(['x.ts:1: "  message(s) sent"']);
  });
});
