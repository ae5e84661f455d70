/**
 * Class 1: work and memory bombs built from allowed operations. Small files whose every step is legal
 * but whose results would be gigabytes: coercions of memo-amplified containers, qualnames from big
 * memoised strings, OmegaConf interpolations copying a big string, strided views re-reading a big
 * storage, huge keys echoed into messages, memo-amplified constructor arguments.
 */
import { OP } from '../../../src/convert';
import { omegaConf, persistentModule, storage, tensor } from '../pickle-torch';
import { call, dict, glob, type Py, pickleToBytes } from '../pickle-writer';
import { type PickleCase, RawPickle } from './cases';

const REFUSED =
  /refused: .*(safety limit|more than [\d,]+ MB of|damaged or crafted)|too far|is a strided view|longer than|exceeds the limit|more than [\d,]+ entries/;

/** `coercer(coercer(...coercer([s, s, ... s])))` with `s` a big memoised string. */
function coercionBomb(module: string, name: string, stringBytes: number, refs: number, depth: number): Uint8Array {
  const p = new RawPickle();
  p.str('x'.repeat(stringBytes));
  const s = p.memoize();
  p.op(OP.POP);
  p.global(module, name);
  const fn = p.memoize();
  p.op(OP.POP);
  for (let i = 0; i < depth; i++) p.get(fn);
  p.listOfRefs(s, refs);
  for (let i = 0; i < depth; i++) p.op(OP.TUPLE1).op(OP.REDUCE);
  return p.stop();
}

/** STACK_GLOBAL over two big memoised strings, many times. */
function qualnameBomb(stringBytes: number, count: number): Uint8Array {
  const p = new RawPickle();
  p.str('m'.repeat(stringBytes));
  const a = p.memoize();
  p.str('n'.repeat(stringBytes));
  const b = p.memoize();
  p.op(OP.EMPTY_LIST).op(OP.MARK);
  for (let i = 0; i < count; i++) p.get(a).get(b).op(OP.STACK_GLOBAL);
  p.op(OP.APPENDS);
  return p.stop();
}

/** A generator whose config has `keys` entries `${a}!` over a big string `a`. */
function interpolationBomb(stringBytes: number, keys: number): Uint8Array {
  const generator: Record<string, string> = {};
  for (let i = 0; i < keys; i++) generator[`k${i}`] = '${model.a}!';
  const conf = omegaConf({ model: { a: 'y'.repeat(stringBytes), generator } });
  const G = persistentModule({ className: 'Generator', attrs: { cfg: conf.at('model.generator') } });
  return pickleToBytes(dict({ G_ema: G }));
}

/** G_ema buffers: `count` views of 2 values spread over a storage of `numel` values. */
function stridedViewBomb(numel: number, count: number): Uint8Array {
  const store = storage(new Float32Array(numel));
  const view = tensor(store, [2], { stride: [numel - 1] });
  const buffers: Array<[string, Py]> = [];
  for (let i = 0; i < count; i++) buffers.push([`v${i}`, view]);
  const G = persistentModule({ className: 'Generator', buffers });
  return pickleToBytes(dict({ G_ema: G }));
}

/** Top-level keys (or module names) of `keyBytes` each, echoed by the refusal. */
function hugeKeys(keyBytes: number, count: number, where: 'top' | 'module'): Uint8Array {
  const entries: Array<[Py, Py]> = [];
  for (let i = 0; i < count; i++) entries.push([`${i}`.padEnd(keyBytes, 'k'), null]);
  if (where === 'top') return pickleToBytes(dict(entries));
  const modules: Array<[string, Py]> = entries.map(([k]) => [k as string, persistentModule({ className: 'M' })]);
  return pickleToBytes(dict({ G_ema: persistentModule({ className: 'Generator', modules }) }));
}

/** builtins.list / dict / set over a list of many memo references, nested: copying work amplified. */
function copyBomb(module: string, name: string, refs: number, depth: number): Uint8Array {
  const p = new RawPickle();
  p.op(OP.EMPTY_LIST);
  const inner = p.memoize();
  p.op(OP.POP);
  p.global(module, name);
  const fn = p.memoize();
  p.op(OP.POP);
  p.listOfRefs(inner, refs);
  const big = p.memoize();
  p.op(OP.POP);
  p.op(OP.EMPTY_LIST).op(OP.MARK);
  for (let i = 0; i < depth; i++) p.get(fn).get(big).op(OP.TUPLE1).op(OP.REDUCE);
  p.op(OP.APPENDS);
  return p.stop();
}

export function* class1Cases(): Generator<PickleCase> {
  for (const [module, name] of [
    ['builtins', 'str'],
    ['builtins', 'int'],
    ['builtins', 'float'],
    ['numpy', 'dtype'],
    ['builtins', 'bytes'],
    ['__builtin__', 'str'],
  ] as const) {
    for (const [stringBytes, refs, depth] of [
      [1 << 20, 500, 20],
      [256 * 1024, 4000, 6],
      [900 * 1024, 2000, 3],
    ] as const) {
      yield {
        kind: 'pickle',
        name: `${module}.${name} over ${refs} refs to a ${stringBytes >> 10} KB string, ${depth} deep`,
        bytes: coercionBomb(module, name, stringBytes, refs, depth),
        message: /./,
      };
    }
  }
  for (const [stringBytes, count] of [
    [900 * 1024, 5000],
    [64 * 1024, 20000],
    [2000, 100000],
  ] as const) {
    yield {
      kind: 'pickle',
      name: `STACK_GLOBAL over ${stringBytes >> 10} KB strings x ${count}`,
      bytes: qualnameBomb(stringBytes, count),
      message: REFUSED,
    };
  }
  for (const [stringBytes, keys] of [
    [900 * 1024, 3000],
    [256 * 1024, 20000],
    [60 * 1024, 100000],
  ] as const) {
    yield {
      kind: 'pickle',
      name: `${keys} interpolations \${a}! of a ${stringBytes >> 10} KB string`,
      bytes: interpolationBomb(stringBytes, keys),
      message: REFUSED,
    };
  }
  for (const [numel, count] of [
    [4 << 20, 3000],
    [1 << 20, 20000],
    [8 << 20, 200],
  ] as const) {
    yield {
      kind: 'pickle',
      name: `${count} strided views over ${numel} values`,
      bytes: stridedViewBomb(numel, count),
      message: /strided view|not part of the architecture|refused|damaged or crafted|no synthesis network/,
    };
  }
  for (const [keyBytes, count, where] of [
    [900 * 1024, 12, 'top'],
    [200 * 1024, 100, 'top'],
    [900 * 1024, 8, 'module'],
  ] as const) {
    yield {
      kind: 'pickle',
      name: `${count} ${where} keys of ${keyBytes >> 10} KB in messages`,
      bytes: hugeKeys(keyBytes, count, where),
      message: /./,
    };
  }
  for (const [module, name] of [
    ['builtins', 'list'],
    ['builtins', 'set'],
    ['builtins', 'tuple'],
    ['collections', 'OrderedDict'],
    ['builtins', 'frozenset'],
  ] as const) {
    yield {
      kind: 'pickle',
      name: `${module}.${name} copying 200,000 refs 500 times`,
      bytes: copyBomb(module, name, 200_000, 500),
      message: REFUSED,
    };
  }
  void call;
  void glob;
}
