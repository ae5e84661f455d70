/** Minimal `--flag value` parser: positional arguments plus named options, each at most once. */
import { seedProblem } from '../engine/plain';

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (booleanFlags.includes(name)) {
      flags.add(name);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (options.has(name)) throw new UsageError(`--${name} given twice`);
    options.set(name, value);
    i++;
  }
  return { positional, options, flags };
}

export function numberOption(args: ParsedArgs, name: string, { integer = false } = {}): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'}, got "${raw}"`);
  }
  return value;
}

/** A whole number written in decimal digits (an optional minus first): no exponents, no fractions, no hex. */
const WHOLE = /^-?\d+$/;

/** `--name N`: a whole number from min to max, or undefined when absent; anything else is refused in one line. */
export function integerOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const value = WHOLE.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!(value >= min && value <= max)) {
    const range = `${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
    throw new UsageError(`--${name} must be a whole number from ${range}, got "${raw.slice(0, 40)}"`);
  }
  return value;
}

/** `--name N` as a seed (engine/seed.ts: the integers 0..2^32 - 1), or undefined when absent. */
export function seedOption(args: ParsedArgs, name: string): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  const problem = seedProblem(`--${name}`, value);
  if (problem) throw new UsageError(typeof value === 'number' ? seedProblem(`--${name}`, raw)! : problem);
  return value as number;
}

/** Rejects options the command does not know, so a typo never silently does something else. */
export function assertKnownOptions(args: ParsedArgs, known: readonly string[]): void {
  for (const name of [...args.options.keys(), ...args.flags]) {
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}
