/**
 * OmegaConf configs (as inert pickle records) -> plain JSON with `${...}` interpolations resolved.
 *
 * A pickled `DictConfig` keeps `_content` (key -> node), `_metadata` and `_parent`; value nodes
 * (`AnyNode`, `StringNode`, `IntegerNode`, ...) keep `_val`. A module's `cfg` is a sub-config whose
 * `_parent` chain leads to the experiment's root config, and interpolations are resolved from that root:
 * `${a.b.c}` (absolute), `${.x}` / `${..x}` (relative to the node holding the value), and string
 * interpolation such as `sky_${dataset.resolution}`. Resolver calls (`${env:X}`, `${now:...}`) are left as text.
 */
import { ConvertError } from './errors';
import type { ParseBudget } from './parse-budget';
import { PyObject } from './py-values';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ResolvedConfig {
  /** The whole experiment config, interpolations resolved. */
  readonly root: Json;
  /** The resolved sub-config of a config node found in the pickle (e.g. a module's `cfg`), if it is in the tree. */
  at(node: unknown): Json | undefined;
}

function stateOf(node: unknown): Map<unknown, unknown> | undefined {
  return node instanceof PyObject && node.state instanceof Map ? node.state : undefined;
}

function className(node: unknown): string {
  return node instanceof PyObject ? node.__class__ : '';
}

export function isDictConfig(node: unknown): boolean {
  return className(node).endsWith('.DictConfig');
}
export function isListConfig(node: unknown): boolean {
  return className(node).endsWith('.ListConfig');
}
function isConfigNode(node: unknown): boolean {
  return node instanceof PyObject && node.__class__.startsWith('omegaconf.');
}

/** Follow `_parent` links to the root config. */
export function findConfigRoot(node: unknown): unknown {
  let cur = node;
  const seen = new Set<unknown>();
  for (;;) {
    const parent = stateOf(cur)?.get('_parent');
    if (parent == null || seen.has(parent)) return cur;
    seen.add(cur);
    cur = parent;
  }
}

/** The keys from the root to `node`, from each node's `_metadata.key` (when the node is a copy outside the tree). */
function keyPath(node: unknown): string[] | undefined {
  const keys: string[] = [];
  const seen = new Set<unknown>();
  let cur = node;
  while (cur != null && !seen.has(cur)) {
    seen.add(cur);
    const st = stateOf(cur);
    const parent = st?.get('_parent');
    if (parent == null) return keys.reverse();
    const meta = st?.get('_metadata');
    const key = meta instanceof PyObject && meta.state instanceof Map ? meta.state.get('key') : undefined;
    if (key === undefined || key === null) return undefined;
    keys.push(String(key));
    cur = parent;
  }
  return undefined;
}

/** Resolve the whole config that `node` belongs to. */
export function resolveConfig(node: unknown, budget?: ParseBudget): ResolvedConfig {
  const rootNode = findConfigRoot(node);
  const paths = new Map<unknown, string[]>();
  const raw = toJson(rootNode, [], paths, new Set());
  const root = resolveTree(raw, budget);
  return {
    root,
    at(n: unknown) {
      const p = paths.get(n) ?? keyPath(n);
      return p ? getPath(root, p) : undefined;
    },
  };
}

/** Convert a config node graph to JSON without resolving interpolations; records each container's path. */
export function toJson(
  node: unknown,
  path: string[],
  paths: Map<unknown, string[]>,
  active: Set<unknown>,
  budget: { nodes: number } = { nodes: MAX_CONFIG_NODES },
): Json {
  if (node === null || node === undefined) return null;
  if (--budget.nodes < 0) throw new ConvertError(`the config has more than ${MAX_CONFIG_NODES} entries`, 'bad-config');
  if (path.length > MAX_CONFIG_DEPTH || active.size > 4 * MAX_CONFIG_DEPTH)
    throw new ConvertError(
      `the config nests deeper than ${MAX_CONFIG_DEPTH} levels`,
      'bad-config',
      path.slice(0, 8).join('.'),
    );
  if (typeof node === 'boolean' || typeof node === 'number' || typeof node === 'string') return node;
  if (typeof node === 'bigint') return Number(node);
  if (active.has(node)) return null;
  active.add(node);
  try {
    if (isConfigNode(node)) {
      const st = stateOf(node);
      if (isDictConfig(node) || isListConfig(node)) {
        if (!paths.has(node)) paths.set(node, path);
        const content = st?.get('_content');
        return toJson(content, path, paths, active, budget);
      }
      // A value node.
      if (st?.has('_val')) return toJson(st.get('_val'), path, paths, active, budget);
      return (node as PyObject).__class__;
    }
    if (node instanceof Map) {
      const out: JsonObject = {};
      for (const [k, v] of node) out[String(k)] = toJson(v, [...path, String(k)], paths, active, budget);
      return out;
    }
    if (Array.isArray(node)) return node.map((v, i) => toJson(v, [...path, String(i)], paths, active, budget));
    if (node instanceof Set) return [...node].map((v, i) => toJson(v, [...path, String(i)], paths, active, budget));
    if (node instanceof PyObject) {
      // Enum values and other records: keep something readable.
      return node.args.length === 1 && typeof node.args[0] !== 'object'
        ? toJson(node.args[0], path, paths, active, budget)
        : node.__class__;
    }
    return null;
  } finally {
    active.delete(node);
  }
}

export function getPath(root: Json, path: string[]): Json | undefined {
  let cur: Json | undefined = root;
  for (const key of path) {
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (cur !== null && typeof cur === 'object') cur = Object.hasOwn(cur, key) ? cur[key] : undefined;
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Longest chain of interpolations (`${a}` -> `${b}` -> ...) followed; real configs use a handful. */
export const MAX_INTERPOLATION_DEPTH = 256;
/** Bounds on what a (possibly crafted) config may cost: shared sub-trees and interpolations expand. */
const MAX_CONFIG_DEPTH = 64;
const MAX_CONFIG_NODES = 200_000;
const MAX_RESOLVE_STEPS = 2_000_000;
const MAX_STRING = 1 << 20;
const INTERPOLATION = /(\\?)\$\{([^${}]*)\}/g;
const WHOLE = /^\$\{([^${}]*)\}$/;

/**
 * Resolve every interpolation in a raw config tree. Each value is resolved once (later references reuse the
 * result), and every character string interpolations produce is charged to `budget`, so no number of
 * `${a}` references to a big `a` can multiply the work.
 */
export function resolveTree(raw: Json, budget?: ParseBudget): Json {
  /** The chain being resolved, in order (for the message when it comes back to itself). */
  const chain: string[] = [];
  const resolving = new Set<string>();
  const resolved = new Map<string, Json>();
  let steps = 0;
  const produced = (text: string) => budget?.charge(text.length, 'config interpolation output');

  const lookup = (expr: string, containerPath: string[]): Json | undefined => {
    const e = expr.trim();
    if (/^[A-Za-z_][\w-]*:/.test(e)) return undefined; // a resolver call: not ours to run
    let path: string[];
    if (e.startsWith('.')) {
      const ups = e.match(/^\.+/)![0].length;
      path = [...containerPath.slice(0, Math.max(0, containerPath.length - (ups - 1))), ...splitKey(e.slice(ups))];
    } else {
      path = splitKey(e);
    }
    const key = path.join('\u0000');
    const done = resolved.get(key);
    if (done !== undefined) return done;
    if (resolving.has(key)) {
      const loop = [...chain.slice(chain.indexOf(key)), key].map((k) => k.split('\u0000').join('.'));
      throw new ConvertError(
        `config interpolation \${${expr.slice(0, 80)}} is circular (${loop.slice(0, 6).join(' -> ')}${loop.length > 6 ? ' -> ...' : ''})`,
        'bad-config',
        expr.slice(0, 80),
      );
    }
    if (chain.length >= MAX_INTERPOLATION_DEPTH) {
      throw new ConvertError(
        `config interpolation \${${expr.slice(0, 80)}} is the end of a chain of more than ${MAX_INTERPOLATION_DEPTH} interpolations — the file is damaged or crafted`,
        'bad-config',
        expr.slice(0, 80),
      );
    }
    const target = getPath(raw, path);
    if (target === undefined) return undefined;
    resolving.add(key);
    chain.push(key);
    try {
      const value = resolveAt(target, path);
      resolved.set(key, value);
      return value;
    } finally {
      resolving.delete(key);
      chain.pop();
    }
  };

  const resolveString = (s: string, containerPath: string[]): Json => {
    const whole = WHOLE.exec(s);
    if (whole) {
      const v = lookup(whole[1]!, containerPath);
      return v === undefined ? s : v;
    }
    if (!s.includes('${')) return s;
    const out = s.replace(INTERPOLATION, (m, esc: string, expr: string) => {
      if (esc) return m.slice(1);
      const v = lookup(expr, containerPath);
      if (v === undefined) return m;
      const text = typeof v === 'object' && v !== null ? boundedJson(v, MAX_STRING) : String(v);
      if (text === undefined || text.length > MAX_STRING)
        throw new ConvertError('a config interpolation expands too far', 'bad-config', expr.slice(0, 80));
      produced(text);
      return text;
    });
    if (out.length > MAX_STRING) throw new ConvertError('a config interpolation expands too far', 'bad-config');
    return out;
  };

  /** Resolve the raw value found at `path` (interpolations inside it are relative to where it lives). */
  const resolveAt = (v: Json, path: string[]): Json => {
    if (++steps > MAX_RESOLVE_STEPS) throw new ConvertError('the config interpolations expand too far', 'bad-config');
    if (typeof v === 'string') return resolveString(v, path.slice(0, -1));
    if (Array.isArray(v)) return v.map((x, i) => resolveAt(x, [...path, String(i)]));
    if (v !== null && typeof v === 'object') {
      const out: JsonObject = {};
      for (const [k, x] of Object.entries(v)) out[k] = resolveAt(x, [...path, k]);
      return out;
    }
    return v;
  };

  return resolveAt(raw, []);
}

/** JSON text of `v`, or undefined as soon as it would pass `max` characters (never builds more). */
function boundedJson(v: Json, max: number): string | undefined {
  const parts: string[] = [];
  let length = 0;
  const add = (s: string) => {
    length += s.length;
    parts.push(s);
    return length <= max;
  };
  const walk = (x: Json): boolean => {
    if (x === null || typeof x !== 'object') return add(JSON.stringify(x) ?? 'null');
    if (Array.isArray(x)) {
      if (!add('[')) return false;
      for (let i = 0; i < x.length; i++) if ((i > 0 && !add(',')) || !walk(x[i]!)) return false;
      return add(']');
    }
    if (!add('{')) return false;
    let first = true;
    for (const [k, y] of Object.entries(x)) {
      if ((!first && !add(',')) || !add(JSON.stringify(k)) || !add(':') || !walk(y)) return false;
      first = false;
    }
    return add('}');
  };
  return walk(v) ? parts.join('') : undefined;
}

function splitKey(s: string): string[] {
  if (s === '') return [];
  return s
    .replace(/\[(\w+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
}

/** Read a config value as a number ("32" and 32 alike); undefined when absent or not numeric. */
export function configNumber(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** Read a config value as a boolean (true/false, "true"/"false", 1/0). */
export function configBool(v: Json | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'yes' || s === 'on' || s === '1') return true;
    if (s === 'false' || s === 'no' || s === 'off' || s === '0') return false;
  }
  return undefined;
}

/** `obj.a.b.c` of a resolved config, undefined anywhere along the way if missing. */
export function configGet(v: Json | undefined, dotted: string): Json | undefined {
  return v === undefined ? undefined : getPath(v, splitKey(dotted));
}
