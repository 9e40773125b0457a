/** What every LAN Chat command line shares: usage errors, and how a command reacts to them. */

/** Thrown for a bad command line; its message is one sentence for the person. */
export class UsageError extends Error {
  readonly code = 'EUSAGE';
}

/**
 * Parses `argv` with `parse`; on `--help` prints the usage and exits 0, on a usage error prints
 * the sentence and the usage and exits 2 (any other error is a bug and is thrown).
 */
export function parseOrExit<T extends object>(
  parse: (argv: string[]) => T | { help: true },
  usage: string,
  argv: string[],
): T {
  try {
    const args = parse(argv);
    if ('help' in args && args.help === true) {
      console.log(usage);
      process.exit(0);
    }
    return args as T;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${usage}`);
    process.exit(2);
  }
}
