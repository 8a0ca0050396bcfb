import { parseArgs } from 'node:util';
import {
  SECTION_NAMES,
  sectionVariables,
  type SectionName,
  type VariableName,
} from '../../libs/platform/config.js';

/** One flag of a command: how it parses and what `--help` says about it. */
export interface FlagUsage {
  type: 'string' | 'boolean';
  /** The value's placeholder in the help text (`a,b`, `45m`, `PORT`); string flags only. */
  value?: string;
  description: string;
}

/**
 * What a command accepts, reads and answers: the one description both its argument parsing and
 * `fleet <command> --help` use, so the two cannot disagree.
 */
export interface CommandUsage {
  /** One line for `fleet --help`. */
  summary: string;
  /** What follows `fleet <command>` besides the flags, e.g. `[PASSWORD]`. */
  operands?: string;
  /** A few sentences for `fleet <command> --help`. */
  description: string;
  flags: Readonly<Record<string, FlagUsage>>;
  /** The configuration it reads: whole sections of libs/platform/config.ts, or single variables of them. */
  environment: { sections?: readonly SectionName[]; variables?: readonly VariableName[]; note?: string };
  exitCodes: readonly (readonly [code: number, meaning: string])[];
  /**
   * The first operand takes the rest of the arguments, `--help` included (`fleet simulate safetyamp --help`
   * is the simulator's help); only `--help` before it is this command's.
   */
  operandOwnsRest?: boolean;
}

/** A command line the command cannot take: the process prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const HELP_FLAGS = new Set(['--help', '-h']);
const WIDTH = 100;

/** Whether `args` ask for the command's help rather than for the command. */
export function asksForHelp(usage: CommandUsage, args: readonly string[]): boolean {
  const end = args.indexOf('--');
  const own = end === -1 ? args : args.slice(0, end);
  if (!usage.operandOwnsRest) return own.some((arg) => HELP_FLAGS.has(arg));
  const firstOperand = own.findIndex((arg) => !arg.startsWith('-'));
  return (firstOperand === -1 ? own : own.slice(0, firstOperand)).some((arg) => HELP_FLAGS.has(arg));
}

type Flags = Readonly<Record<string, FlagUsage>>;
/** Parsed flag values, typed after the usage's flags (declare usages `as const satisfies CommandUsage`). */
export type FlagValues<F extends Flags> = {
  [K in keyof F]?: F[K]['type'] extends 'string' ? string : boolean;
};

/** Parses `args` with exactly the flags of `usage`; anything else is a UsageError naming it. */
export function parseCommandArgs<F extends Flags>(
  usage: CommandUsage & { flags: F },
  args: string[],
): { values: FlagValues<F>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(usage.flags).map(([name, flag]) => [name, { type: flag.type }]),
  );
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: usage.operands !== undefined,
    });
    return { values: values as FlagValues<F>, positionals };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS_'))
      throw new UsageError((err as Error).message);
    throw err;
  }
}

/** `fleet --help`: every command with its one-line summary. */
export function formatCommandList(commands: Readonly<Record<string, CommandUsage>>): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const rows = Object.entries(commands).map(([name, c]) => `  fleet ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: fleet <command> [options]',
    '',
    ...rows,
    '',
    '  fleet <command> --help   its flags, the environment it reads and its exit codes',
    '  fleet --version          the version',
    '',
  ].join('\n');
}

/** `fleet <command> --help`: flags, environment, exit codes. */
export function formatUsage(name: string, usage: CommandUsage): string {
  const flags = Object.entries(usage.flags).map(([flag, f]) => [
    `--${flag}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`,
    f.description,
  ]);
  flags.push(['-h, --help', 'this text']);
  const lines = [
    `usage: fleet ${name}${usage.operands ? ` ${usage.operands}` : ''}${Object.keys(usage.flags).length ? ' [options]' : ''}`,
    '',
    ...wrap(usage.description, ''),
    '',
    'options:',
    ...table(flags),
    '',
    ...formatEnvironment(usage.environment),
    '',
    'exit codes:',
    ...table(usage.exitCodes.map(([code, meaning]) => [String(code), meaning])),
    '',
  ];
  return lines.join('\n');
}

function formatEnvironment(environment: CommandUsage['environment']): string[] {
  const sections = environment.sections ?? [];
  const variables = environment.variables ?? [];
  const note = environment.note ? wrap(environment.note, '  ') : [];
  if (!sections.length && !variables.length) return ['environment: none of the fleet variables', ...note];
  const required = new Set<string>();
  const rows: string[][] = [];
  for (const section of sections) {
    const entries = sectionVariables(section);
    for (const e of entries) if (e.required) required.add(e.variable);
    rows.push([section, entries.map((e) => `${e.variable}${e.required ? '*' : ''}`).join(' ')]);
  }
  for (const section of SECTION_NAMES) {
    const known = new Set(sectionVariables(section).map((e) => e.variable));
    const own = variables.filter((v) => known.has(v));
    if (own.length) rows.push([section, own.join(' ')]);
  }
  return [
    // Only what loadConfig reads honours <NAME>_FILE; single variables are read as they are.
    sections.length
      ? 'environment (each may instead come from a file named by <NAME>_FILE):'
      : 'environment:',
    ...table(rows),
    ...(required.size ? ['  * required: the command stops at start, naming it, when it is missing'] : []),
    ...note,
  ];
}

/** Two columns, the second wrapped under itself. */
function table(rows: readonly (readonly string[])[]): string[] {
  const width = Math.max(...rows.map(([left]) => (left ?? '').length));
  return rows.flatMap(([left = '', right = '']) => {
    const indent = ' '.repeat(width + 4);
    const [first = '', ...rest] = wrap(right, indent);
    return [`  ${left.padEnd(width)}  ${first.trimStart()}`, ...rest];
  });
}

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.trim() && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent;
    }
    line += line.trim() ? ` ${word}` : word;
  }
  if (line.trim()) lines.push(line);
  return lines;
}
