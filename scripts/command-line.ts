/**
 * How every script reads its options (node:util's parseArgs): `--help` or `-h` prints the usage and
 * exits 0; an unknown option, a missing or unwanted value, a value the script finds bad, or an option
 * npm kept for itself (typed before `--`) prints `<script>: <what is wrong>; expected <what is>` and
 * the usage line, and exits 2: never a stack trace.
 *
 * Node's own modules only: `scripts/history.ts` runs with plain `node` before `npm ci`.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** A script as its command line presents it. */
interface CommandLine {
  /** The name its messages start with: `status-page`, `catalog:check`. */
  readonly script: string;
  /** One line, as typed: `usage: npm run status-page -- [--history <dir>] ...`. */
  readonly usage: string;
  /** One line on what it does, printed under the usage by `--help`. */
  readonly summary: string;
}

/** Ends the process on a bad command line: what is wrong and what is expected, then the usage; exit 2. */
export function refuse(command: CommandLine, problem: string, expected: string): never {
  console.error(`${command.script}: ${problem}; expected ${expected}`);
  console.error(command.usage);
  process.exit(2);
}

/**
 * The script's options from `args`, or the process ends: with the usage on `--help` (exit 0), or as
 * `refuse` says on an argument parseArgs refuses (exit 2).
 */
export function parseCommandLine<const O extends ParseArgsOptionsConfig>(
  command: CommandLine & { readonly options: O; readonly allowPositionals?: boolean },
  args: string[] = process.argv.slice(2),
) {
  const beforeEnd = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (beforeEnd.includes('--help') || beforeEnd.includes('-h')) {
    console.log(`${command.usage}\n${command.summary}`);
    process.exit(0);
  }
  const allowPositionals = command.allowPositionals ?? false;
  const taken = takenByNpm(command.options);
  if (taken.length > 0) {
    refuse(
      command,
      `npm kept ${taken.map(({ name }) => `--${name}`).join(', ')} for itself (${taken.length === 1 ? 'it' : 'they'} came before --)`,
      `options after --: ${asTyped(taken, command.options, args)}`,
    );
  }
  try {
    return parseArgs({ args, options: command.options, allowPositionals, strict: true });
  } catch (error) {
    const [problem, expected] = whatIsWrong(args, command.options, allowPositionals) ?? [
      (error as Error).message.split('\n')[0]!,
      'the arguments of the usage below',
    ];
    refuse(command, problem, expected);
  }
}

/** An option the user typed before npm's `--`: npm kept it as its own setting, and the script's value. */
interface TakenOption {
  readonly name: string;
  /** `true` for `--environment local`, whose `local` npm passes on alone; `local` for `--environment=local`. */
  readonly value: string;
}

/**
 * The script's options that npm read as its own: `npm run notify --environment local` runs the
 * script with `local` alone, and sets npm_config_environment=true in its environment (as it does
 * for every option before `--`). npm_lifecycle_event says that npm started the script.
 */
function takenByNpm(options: ParseArgsOptionsConfig, env = process.env): TakenOption[] {
  if (env.npm_lifecycle_event === undefined) return [];
  return Object.keys(options).flatMap((name) => {
    const value = env[`npm_config_${name.replaceAll('-', '_')}`];
    return value === undefined ? [] : [{ name, value }];
  });
}

/**
 * The command as it was meant: `npm run notify -- --environment local`. A string option npm set to
 * `true` had its value passed on as the next loose argument; the options come in the script's order,
 * which is the user's for the usual single one.
 */
function asTyped(taken: readonly TakenOption[], options: ParseArgsOptionsConfig, args: readonly string[]): string {
  const loose = [...args];
  const words = taken.flatMap(({ name, value }) => {
    if (options[name]?.type === 'boolean') return [`--${name}`];
    const given = value === 'true' ? loose.shift() : value;
    return given === undefined ? [`--${name}`] : [`--${name}`, given];
  });
  return `npm run ${process.env.npm_lifecycle_event} -- ${[...words, ...loose].join(' ')}`;
}

/**
 * The first argument parseArgs would refuse, in words: read from its tokens (parsed leniently), not
 * from its error message.
 */
function whatIsWrong(
  args: string[],
  options: ParseArgsOptionsConfig,
  allowPositionals: boolean,
): [problem: string, expected: string] | undefined {
  const names = Object.keys(options).map((name) => `--${name}`);
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional' && !allowPositionals) {
      return [`unexpected argument ${JSON.stringify(token.value)}`, `only options (${names.join(', ')})`];
    }
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) {
      return [
        `unknown option ${token.rawName}`,
        names.length === 0 ? 'no option' : `one of ${new Intl.ListFormat('en', { type: 'disjunction' }).format(names)}`,
      ];
    }
    // Without a value, or with the next option taken for one (`--out --now ...`).
    if (
      option.type === 'string' &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))
    ) {
      return [
        `${token.rawName} has no value`,
        `${token.rawName} <value> (or ${token.rawName}=<value> for one starting with -)`,
      ];
    }
    if (option.type === 'boolean' && token.value !== undefined) {
      return [`${token.rawName} takes no value`, `${token.rawName} alone`];
    }
  }
  return undefined;
}
