import { escapeUnsafe, quoteText } from '../util';

/** A model folder (or a snapshot's generator) whose description cannot be trusted: one sentence for the user. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    message: string,
    /** The setting, tensor or file the problem is about. */
    readonly setting?: string,
  ) {
    // Messages quote names and text from files: nothing in them may reorder or hide the rest of the line.
    super(escapeUnsafe(message));
  }
}

/** Quote a value from a file in a message: short, one line, never a megabyte of it. */
export function quote(value: unknown, max = 80): string {
  let s: string;
  if (typeof value === 'string') s = quoteText(value, max);
  else if (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null ||
    value === undefined ||
    typeof value === 'bigint'
  )
    s = String(value);
  else if (Array.isArray(value))
    s = value.length > 8 ? `a list of ${value.length}` : `[${value.map((v) => quote(v, 20)).join(', ')}]`;
  else s = 'an object';
  return s.length > max + 10 ? `${s.slice(0, max)}...` : s;
}
