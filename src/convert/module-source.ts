/**
 * The verdict on a persistent object's embedded `module_src`. Python runs that source when it loads the
 * snapshot (torch_utils.persistence), so it is judged by what it can do when run: only statements that
 * run nothing of the file's own are accepted at module level and in class bodies (which run at definition
 * time): imports of allow-listed modules, `def`/`class` with allow-listed decorators and inert headers
 * (defaults, annotations and bases that call nothing), docstrings, `pass` and literal assignments.
 * Function bodies only run when called, and nothing calls them at load time. A placeholder (comments only)
 * passes. Anything else is refused with the line that would run.
 */

import { quoteText } from '../util';
import { ConvertError } from './errors';
import { PythonSyntaxError, pythonStatements, type Statement, type Token } from './python-tokens';

/** Modules the official sources import; importing them runs only the installed library, nothing of the file. */
const IMPORTABLE = [
  '__future__',
  'numpy',
  'scipy',
  'torch',
  'omegaconf',
  'typing',
  'math',
  'random',
  'copy',
  'functools',
  'collections',
  'itertools',
  'dataclasses',
  'enum',
  'abc',
  'numbers',
  'warnings',
  'einops',
  'dnnlib',
  'src.dnnlib',
  'torch_utils',
  'src.torch_utils',
  'training',
  'src.training',
  'metrics',
  'src.metrics',
];

/** Decorators the official sources use (exact text). */
const DECORATORS = new Set([
  'persistence.persistent_class',
  'misc.profiled_function',
  'staticmethod',
  'classmethod',
  'property',
  'torch.no_grad()',
  'torch.jit.unused',
  'torch.jit.ignore',
  'abstractmethod',
  'abc.abstractmethod',
]);
const PROPERTY_ACCESSOR = /^[A-Za-z_]\w*\.(setter|getter|deleter)$/;

/** Words that make an expression do something (call, bind, iterate, suspend) rather than name a value. */
const ACTIVE_WORDS = new Set(['lambda', 'yield', 'await', 'for', 'if', 'import', 'async', 'del', 'exec', 'print']);
const LITERAL_NAMES = new Set(['None', 'True', 'False']);

const importable = (dotted: string) => IMPORTABLE.some((m) => dotted === m || dotted.startsWith(`${m}.`));

type Scope = 'module' | 'class' | 'def';

/** Throws a 'code-execution' refusal naming the first statement that would run code; `owners` names the classes. */
export function judgeModuleSource(source: string, owners: string): void {
  let statements: Statement[];
  try {
    statements = pythonStatements(source);
  } catch (e) {
    const line = e instanceof PythonSyntaxError ? e.line : 0;
    throw refusal(owners, source, line, 'it cannot be read as Python');
  }
  const blocks: Array<{ indent: number; scope: Scope }> = [];
  let decorated = false;
  for (const st of statements) {
    while (blocks.length > 0 && blocks[blocks.length - 1]!.indent >= st.indent) blocks.pop();
    const scope = blocks[blocks.length - 1]?.scope ?? 'module';
    if (scope === 'def') {
      if (opensBlock(st.tokens)) blocks.push({ indent: st.indent, scope: 'def' });
      continue;
    }
    const kind = judgeStatement(st.tokens);
    if (kind === undefined || (decorated && kind !== 'def' && kind !== 'class' && kind !== 'decorator')) {
      throw refusal(owners, source, st.line);
    }
    decorated = kind === 'decorator';
    if ((kind === 'def' || kind === 'class') && opensBlock(st.tokens)) {
      blocks.push({ indent: st.indent, scope: kind === 'class' ? 'class' : 'def' });
    }
  }
}

function refusal(
  owners: string,
  source: string,
  line: number,
  why = 'it would run when Python loads the file',
): ConvertError {
  const text = source.split('\n')[line - 1]?.trim() ?? '';
  return new ConvertError(
    `refused: the module source embedded for ${owners} has code at line ${line} (${quoteText(text, 100)}): ${why}, ` +
      "and a StyleGAN-V snapshot's sources only import modules and define classes and functions — " +
      'nothing was executed. Only convert checkpoints from a source you trust.',
    'code-execution',
    `module_src line ${line}`,
  );
}

/** A `def`/`class` header ending in ':' (its body is on the following lines). */
function opensBlock(tokens: Token[]): boolean {
  return tokens[tokens.length - 1]?.text === ':' && tokens[tokens.length - 1]?.kind === 'op';
}

/** What an accepted statement is, or undefined when it would run something. */
function judgeStatement(t: Token[]): 'import' | 'decorator' | 'def' | 'class' | 'inert' | undefined {
  const first = t[0]!;
  if (first.kind === 'name' && first.text === 'import') return imports(t.slice(1)) ? 'import' : undefined;
  if (first.kind === 'name' && first.text === 'from') return fromImport(t) ? 'import' : undefined;
  if (first.kind === 'op' && first.text === '@') {
    const text = t
      .slice(1)
      .map((x) => x.text)
      .join('');
    return DECORATORS.has(text) || PROPERTY_ACCESSOR.test(text) ? 'decorator' : undefined;
  }
  if (first.kind === 'name' && first.text === 'def') return defHeader(t) ? 'def' : undefined;
  if (first.kind === 'name' && first.text === 'class') return classHeader(t) ? 'class' : undefined;
  if (t.length === 1 && first.kind === 'name' && first.text === 'pass') return 'inert';
  if (t.length === 1 && first.kind === 'op' && first.text === '...') return 'inert';
  if (t.every((x) => x.kind === 'string')) return 'inert'; // a docstring
  return literalAssignment(t) ? 'inert' : undefined;
}

/** `a.b [as c], d` */
function imports(t: Token[]): boolean {
  for (const part of splitTop(t, ',')) {
    const names = part;
    const asAt = names.findIndex((x) => x.kind === 'name' && x.text === 'as');
    const dotted = asAt < 0 ? names : names.slice(0, asAt);
    if (!isDotted(dotted) || !importable(dotted.map((x) => x.text).join(''))) return false;
    if (asAt >= 0 && !(names.length === asAt + 2 && names[asAt + 1]!.kind === 'name')) return false;
  }
  return true;
}

/** `from a.b import c [as d], e` or `from a.b import (c, d)` or `from a.b import *` */
function fromImport(t: Token[]): boolean {
  const importAt = t.findIndex((x) => x.kind === 'name' && x.text === 'import');
  if (importAt < 2) return false;
  const module = t.slice(1, importAt);
  if (!isDotted(module) || !importable(module.map((x) => x.text).join(''))) return false;
  let names = t.slice(importAt + 1);
  if (names.length === 1 && names[0]!.text === '*') return true;
  if (names[0]?.text === '(' && names[names.length - 1]?.text === ')') names = names.slice(1, -1);
  return splitTop(names, ',').every(
    (p) =>
      p.length === 0 ||
      (p.length === 1 && p[0]!.kind === 'name') ||
      (p.length === 3 && p[0]!.kind === 'name' && p[1]!.text === 'as' && p[2]!.kind === 'name'),
  );
}

/** `def name(params) [-> annotation]:` with defaults and annotations that call nothing. */
function defHeader(t: Token[]): boolean {
  if (t[1]?.kind !== 'name' || t[2]?.text !== '(') return false;
  const close = matching(t, 2);
  if (close < 0) return false;
  for (const param of splitTop(t.slice(3, close), ',')) {
    let p = param;
    while (p[0]?.text === '*' || p[0]?.text === '**') p = p.slice(1);
    if (p.length === 0 || (p.length === 1 && p[0]!.text === '/')) continue;
    if (p[0]!.kind !== 'name') return false;
    if (p.length === 1) continue;
    // `name: annotation = default`, `name: annotation` or `name = default`: each part names values only.
    if (p[1]!.text !== ':' && p[1]!.text !== '=') return false;
    const rest = p.slice(2);
    const eq = p[1]!.text === ':' ? indexTop(rest, '=') : -1;
    const parts = eq < 0 ? [rest] : [rest.slice(0, eq), rest.slice(eq + 1)];
    if (!parts.every(inert)) return false;
  }
  const rest = t.slice(close + 1);
  const colon = indexTop(rest, ':');
  if (colon < 0) return false;
  const annotation = rest.slice(0, colon);
  if (annotation.length > 0 && (annotation[0]!.text !== '->' || !inert(annotation.slice(1)))) return false;
  // A one-line body (`def f(): return x`) only runs when called.
  return true;
}

/** `class Name[(bases)]:` with bases that call nothing and no keywords (a metaclass runs code). */
function classHeader(t: Token[]): boolean {
  if (t[1]?.kind !== 'name') return false;
  let at = 2;
  if (t[2]?.text === '(') {
    const close = matching(t, 2);
    if (close < 0) return false;
    const bases = splitTop(t.slice(3, close), ',');
    if (!bases.every((b) => indexTop(b, '=') < 0 && inert(b))) return false;
    at = close + 1;
  }
  if (t[at]?.text !== ':') return false;
  // A one-line body runs at definition time: judge it as a class-body statement.
  const body = t.slice(at + 1);
  return body.length === 0 || judgeStatement(body) === 'inert';
}

/** `NAME [: annotation] = literal` (any number of `NAME =` targets), or a bare annotation. */
function literalAssignment(t: Token[]): boolean {
  const parts = splitTop(t, '=');
  if (parts.length < 2) {
    // `name: annotation`
    return t[0]?.kind === 'name' && t[1]?.text === ':' && inert(t.slice(2));
  }
  const value = parts[parts.length - 1]!;
  const targets = parts.slice(0, -1);
  const targetOk = (p: Token[]) =>
    (p.length === 1 && p[0]!.kind === 'name') || (p[0]?.kind === 'name' && p[1]?.text === ':' && inert(p.slice(2)));
  return targets.every(targetOk) && literal(value);
}

/** A literal: numbers, strings (not f-strings), None/True/False, signs, and containers of literals. */
function literal(t: Token[]): boolean {
  if (t.length === 0) return false;
  return t.every(
    (x) =>
      x.kind === 'number' ||
      x.kind === 'string' ||
      (x.kind === 'name' && LITERAL_NAMES.has(x.text)) ||
      (x.kind === 'op' && ['(', ')', '[', ']', '{', '}', ',', ':', '-', '+'].includes(x.text)),
  );
}

/** An expression that only names values (literals, names, attributes, subscripts, operators): no call. */
function inert(t: Token[]): boolean {
  if (t.length === 0) return false;
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.kind === 'fstring') return false;
    if (x.kind === 'name' && ACTIVE_WORDS.has(x.text)) return false;
    if (x.kind === 'op' && (x.text === ':=' || x.text === '@')) return false;
    // `f(`, `x.y(`, `a[0](`, `(g)(` and `"s"(` are calls.
    const previous = t[i - 1];
    if (x.text === '(' && previous && (previous.kind !== 'op' || previous.text === ')' || previous.text === ']')) {
      return false;
    }
  }
  return true;
}

function isDotted(t: Token[]): boolean {
  if (t.length === 0 || t.length % 2 === 0) return false;
  return t.every((x, i) => (i % 2 === 0 ? x.kind === 'name' : x.text === '.'));
}

/** Index of the bracket closing the one at `open`, or -1. */
function matching(t: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i]!.kind !== 'op') continue;
    if ('([{'.includes(t[i]!.text)) depth++;
    if (')]}'.includes(t[i]!.text) && --depth === 0) return i;
  }
  return -1;
}

/** Index of the first `op` outside brackets, or -1. */
function indexTop(t: Token[], op: string): number {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.kind !== 'op') continue;
    if ('([{'.includes(x.text)) depth++;
    else if (')]}'.includes(x.text)) depth--;
    else if (depth === 0 && x.text === op) return i;
  }
  return -1;
}

/** Split at every `op` outside brackets. */
function splitTop(t: Token[], op: string): Token[][] {
  const parts: Token[][] = [];
  let rest = t;
  for (;;) {
    const at = indexTop(rest, op);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}
