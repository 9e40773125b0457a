/** What every LAN Chat command line shares: usage errors, the help text, and how a command reacts. */
import { translator, type Translate } from '../../src-shared/i18n/index.ts';
import { terminalTranslator } from '../platform/locale.ts';

/**
 * Thrown for a bad command line: one sentence for the person, said in their language by `say`
 * (its `message` is the English one, for logs and tests).
 */
export class UsageError extends Error {
  readonly code = 'EUSAGE';
  readonly say: (t: Translate) => string;
  constructor(say: string | ((t: Translate) => string)) {
    const said = typeof say === 'string' ? () => say : say;
    super(said(translator('en')));
    this.say = said;
  }
}

/** A command's help: its synopsis, each option with what it does, and an optional closing text. */
export interface Usage {
  command: string;
  options: readonly (readonly [flag: string, text: string])[];
  foot?: string;
}

/** Lays out a {@link Usage}: the options in a column, each text after its flag. */
export function formatUsage(t: Translate, usage: Usage): string {
  const width = 22;
  const lines = usage.options.map(([flag, text]) => `  ${flag.padEnd(width)}${flag.length >= width ? ' ' : ''}${text}`);
  return [t('usage.head', { command: usage.command }), '', ...lines, ...(usage.foot ? ['', usage.foot] : [])].join(
    '\n',
  );
}

/**
 * Parses `argv` with `parse`; on `--help` prints the usage and exits 0, on a usage error prints
 * the sentence and the usage and exits 2 (any other error is a bug and is thrown). Both in the
 * terminal's language.
 */
export function parseOrExit<T extends object>(
  parse: (argv: string[]) => T | { help: true },
  usage: (t: Translate) => Usage,
  argv: string[],
): T {
  const t = terminalTranslator();
  try {
    const args = parse(argv);
    if ('help' in args && args.help === true) {
      console.log(formatUsage(t, usage(t)));
      process.exit(0);
    }
    return args as T;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.say(t)}\n\n${formatUsage(t, usage(t))}`);
    process.exit(2);
  }
}
