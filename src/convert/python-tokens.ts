/**
 * A Python tokenizer just deep enough to judge embedded module sources: logical lines (brackets, backslash
 * continuations, ';'), their indentation, and tokens (names, numbers, strings, f-strings, operators).
 * Comments and blank lines are dropped. It never evaluates anything; text it cannot tokenize is an error.
 */

export type TokenKind = 'name' | 'number' | 'string' | 'fstring' | 'op';

export interface Token {
  kind: TokenKind;
  text: string;
}

export interface Statement {
  /** Indentation of the logical line's first physical line (a tab counts as 8 columns, as Python does). */
  indent: number;
  /** 1-based line number where the statement starts. */
  line: number;
  tokens: Token[];
}

export class PythonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '**',
  '//',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
];
const OPENERS = '([{';
const CLOSERS = ')]}';
const NAME_START = /[A-Za-z_\u00c0-\uffff]/;
const NAME_PART = /[\w\u00c0-\uffff]/;
const STRING_PREFIX = /^(?:[rRbBuUfF]{1,2})?['"]/;

/** Split `source` into statements (`a; b` are two) with their indentation and tokens. */
export function pythonStatements(source: string): Statement[] {
  const out: Statement[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  let current: Statement | undefined;
  let atLineStart = true;
  let indent = 0;

  const finish = () => {
    if (current && current.tokens.length > 0) out.push(current);
    current = undefined;
  };
  const push = (token: Token) => {
    current ??= { indent, line, tokens: [] };
    current.tokens.push(token);
  };

  while (i < source.length) {
    const ch = source[i]!;
    if (atLineStart && depth === 0 && !current) {
      // Measure the indentation of a new logical line.
      indent = 0;
      while (source[i] === ' ' || source[i] === '\t' || source[i] === '\f') {
        indent = source[i] === '\t' ? (Math.floor(indent / 8) + 1) * 8 : source[i] === ' ' ? indent + 1 : 0;
        i++;
      }
      atLineStart = false;
      continue;
    }
    if (ch === '\n') {
      line++;
      i++;
      if (depth === 0) finish();
      atLineStart = true;
      continue;
    }
    if (ch === '\r' || ch === ' ' || ch === '\t' || ch === '\f') {
      i++;
      continue;
    }
    if (ch === '\\' && (source[i + 1] === '\n' || (source[i + 1] === '\r' && source[i + 2] === '\n'))) {
      i += source[i + 1] === '\n' ? 2 : 3;
      line++;
      continue;
    }
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const prefixed = STRING_PREFIX.exec(source.slice(i, i + 3));
    if (prefixed) {
      const start = i;
      const prefix = prefixed[0].slice(0, -1);
      i += prefix.length;
      const startLine = line;
      const end = stringEnd(source, i, (n) => {
        line += n;
      });
      if (end < 0) throw new PythonSyntaxError('a string is not closed', startLine);
      i = end;
      push({ kind: /f/i.test(prefix) ? 'fstring' : 'string', text: source.slice(start, i) });
      continue;
    }
    if (NAME_START.test(ch)) {
      const start = i;
      while (i < source.length && NAME_PART.test(source[i]!)) i++;
      push({ kind: 'name', text: source.slice(start, i) });
      continue;
    }
    if (/\d/.test(ch) || (ch === '.' && /\d/.test(source[i + 1] ?? ''))) {
      const start = i;
      while (
        i < source.length &&
        (/[\w.]/.test(source[i]!) || (/[+-]/.test(source[i]!) && /[eE]/.test(source[i - 1]!)))
      )
        i++;
      push({ kind: 'number', text: source.slice(start, i) });
      continue;
    }
    if (ch === ';' && depth === 0) {
      finish();
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i)) ?? ch;
    if (OPENERS.includes(op)) depth++;
    if (CLOSERS.includes(op)) {
      if (depth === 0) throw new PythonSyntaxError(`unmatched '${op}'`, line);
      depth--;
    }
    push({ kind: 'op', text: op });
    i += op.length;
  }
  if (depth > 0) throw new PythonSyntaxError('a bracket is not closed', line);
  finish();
  return out;
}

/** The index just past the string whose opening quote is at `at`, or -1; reports newlines inside it. */
function stringEnd(source: string, at: number, newlines: (n: number) => void): number {
  const quote = source[at]!;
  const triple = source.startsWith(quote.repeat(3), at);
  const closing = triple ? quote.repeat(3) : quote;
  let i = at + closing.length;
  let lines = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      if (source[i + 1] === '\n') lines++;
      i += 2;
      continue;
    }
    if (c === '\n') {
      if (!triple) return -1;
      lines++;
    }
    if (source.startsWith(closing, i)) {
      newlines(lines);
      return i + closing.length;
    }
    i++;
  }
  return -1;
}
