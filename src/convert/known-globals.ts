/**
 * The allow-list of Python globals a snapshot may name, each implemented in TypeScript as a record
 * builder. Everything else (omegaconf nodes, torch.nn modules, optimizers, training.* classes,
 * os.system, builtins.eval, ...) resolves to nothing here and becomes an inert `PyObject` that only
 * keeps the arguments and state the pickle gives it. (The converter refuses code-running globals such as
 * os.system before they get here: see dangerous-globals.ts.)
 */
import type { CallContext, GlobalResolver, KnownGlobal, PyBuildable } from './pickle-machine';
import { LazyBytes, LazyString, PyGlobal, PyObject } from './py-values';
import { TORCH_GLOBALS } from './torch-globals';

/** `torch_utils.persistence._reconstruct_persistent_obj(meta)`: the record, never the class (module_src is not run). */
export class PersistentObject {
  constructor(readonly meta: Map<unknown, unknown>) {}
  get className(): string | undefined {
    const v = this.meta.get('class_name');
    return typeof v === 'string' ? v : undefined;
  }
  get state(): Map<unknown, unknown> | undefined {
    const v = this.meta.get('state');
    return v instanceof Map ? v : undefined;
  }
}

/** `numpy.dtype(...)` with its pickled state (byte order). */
export class NumpyDtype implements PyBuildable {
  byteOrder = '=';
  constructor(readonly descr: string) {}
  pyBuild(state: unknown): void {
    if (Array.isArray(state) && typeof state[1] === 'string') this.byteOrder = state[1];
  }
}

function known(
  module: string,
  name: string,
  construct: (args: unknown[], kwargs?: Map<unknown, unknown>, context?: CallContext) => unknown,
): KnownGlobal {
  return { module, name, construct };
}

function toMap(v: unknown): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  if (v instanceof Map) for (const [k, x] of v) m.set(k, x);
  else if (Array.isArray(v))
    for (const pair of v) if (Array.isArray(pair) && pair.length === 2) m.set(pair[0], pair[1]);
  return m;
}

/** bytes(b) / bytes([1, 2, 3]): a copy of bytes or of a list of small ints; anything else stays a record. */
function toBytes(name: string, args: unknown[]): unknown {
  const v = args[0];
  if (v === undefined) return new Uint8Array(0);
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return Uint8Array.from(v as number[]);
  return new PyObject(`builtins.${name}`, args);
}

function toArray(v: unknown): unknown[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return [...v];
  if (v instanceof Set) return [...v];
  if (v instanceof Map) return [...v.keys()];
  if (typeof v === 'string') return [...v];
  return [];
}

/** numpy.core.multiarray.scalar(dtype, bytes): a numpy scalar as a JS number. */
function numpyScalar(args: unknown[]): unknown {
  const [dtype, raw] = args;
  if (!(dtype instanceof NumpyDtype) || !(raw instanceof Uint8Array))
    return new PyObject('numpy.core.multiarray.scalar', args);
  const kind = dtype.descr.replace(/^[<>=|]/, '');
  const le = dtype.byteOrder !== '>';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size = raw.length;
  switch (kind[0]) {
    case 'f':
      if (size === 8) return view.getFloat64(0, le);
      if (size === 4) return view.getFloat32(0, le);
      if (size === 2) {
        const h = view.getUint16(0, le);
        const e = (h >> 10) & 0x1f;
        const m = h & 0x3ff;
        const s = h & 0x8000 ? -1 : 1;
        return e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
      }
      break;
    case 'i':
      if (size === 8) return Number(view.getBigInt64(0, le));
      if (size === 4) return view.getInt32(0, le);
      if (size === 2) return view.getInt16(0, le);
      if (size === 1) return view.getInt8(0);
      break;
    case 'u':
      if (size === 8) return Number(view.getBigUint64(0, le));
      if (size === 4) return view.getUint32(0, le);
      if (size === 2) return view.getUint16(0, le);
      if (size === 1) return view.getUint8(0);
      break;
    case 'b':
    case '?':
      return raw[0] !== 0;
  }
  return new PyObject('numpy.core.multiarray.scalar', args);
}

/** `cls.__new__(cls, *args)` (copyreg.__newobj__, protocol 0-1 objects): an instance record; `cls` is reported, never run. */
function newObject(
  cls: unknown,
  args: unknown[],
  kwargs: Map<unknown, unknown> | undefined,
  context: CallContext | undefined,
  kind: 'call' | 'new' = 'new',
): unknown {
  if (typeof cls === 'object' && cls !== null && typeof (cls as KnownGlobal).construct === 'function') {
    return (cls as KnownGlobal).construct(args, kwargs, context);
  }
  const name = cls instanceof PyGlobal ? cls.qualname : '<unknown>';
  context?.report(name, kind);
  return new PyObject(name, args, kwargs);
}

/**
 * Python's str()/int()/float() of a non-primitive would format or convert a whole object graph: only
 * primitives are coerced; anything else stays an inert record (a crafted file cannot make a 4 GB string).
 */
function coerce(
  name: string,
  args: unknown[],
  fn: (v: string | number | boolean | bigint) => unknown,
  empty: unknown,
): unknown {
  if (args.length === 0) return empty;
  const v = args[0];
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return fn(v);
  return new PyObject(`builtins.${name}`, args);
}

const toInt = (v: string | number | boolean | bigint) => (typeof v === 'bigint' ? v : Math.trunc(Number(v)));

const BUILTINS: KnownGlobal[] = [
  known('builtins', 'dict', (args, kwargs) => {
    const m = toMap(args[0]);
    if (kwargs) for (const [k, v] of kwargs) m.set(k, v);
    return m;
  }),
  known('builtins', 'list', (args) => toArray(args[0])),
  known('builtins', 'tuple', (args) => toArray(args[0])),
  known('builtins', 'set', (args) => new Set(toArray(args[0]))),
  known('builtins', 'frozenset', (args) => new Set(toArray(args[0]))),
  known('builtins', 'int', (args) => coerce('int', args, toInt, 0)),
  known('builtins', 'float', (args) => coerce('float', args, Number, 0)),
  known('builtins', 'bool', (args) => coerce('bool', args, Boolean, false)),
  known('builtins', 'str', (args) => coerce('str', args, String, '')),
  known('builtins', 'bytes', (args) => toBytes('bytes', args)),
  known('builtins', 'bytearray', (args) => toBytes('bytearray', args)),
  known('builtins', 'object', () => new PyObject('builtins.object')),
];

const COLLECTIONS: KnownGlobal[] = [
  known('collections', 'OrderedDict', (args) => toMap(args[0])),
  // defaultdict(default_factory[, items]): the factory is only recorded by omegaconf's resolver cache.
  known('collections', 'defaultdict', (args) => toMap(args[1])),
];

/** Bases `copyreg._reconstructor` may build on without running anything of the file's. */
const SAFE_BASES = new Set(
  ['object', 'dict', 'list', 'set', 'frozenset', 'tuple'].flatMap((n) => [`builtins.${n}`, `__builtin__.${n}`]),
);

const COPYREG: KnownGlobal[] = [
  // copyreg._reconstructor(cls, base, state): object.__new__(cls) for protocol 0/1 objects.
  // copyreg._reconstructor(cls, base, state): object.__new__(cls) for protocol 0/1 objects; with another
  // base, Python calls base.__new__(cls, state) and base.__init__(obj, state): the base is reported as a call.
  known('copyreg', '_reconstructor', (args, _kwargs, context) => {
    const base = args[1];
    const baseName =
      base instanceof PyGlobal ? base.qualname : isKnown(base) ? `${base.module}.${base.name}` : 'builtins.object';
    // A builtin container base (a dict subclass such as EasyDict, pickled with protocol 0 or 1) only copies its state.
    if (!SAFE_BASES.has(baseName)) context?.report(baseName, 'call');
    return newObject(args[0], [], undefined, context);
  }),
  known('copyreg', '__newobj__', (args, _kwargs, context) => newObject(args[0], args.slice(1), undefined, context)),
  known('copyreg', '__newobj_ex__', (args, _kwargs, context) =>
    newObject(args[0], toArray(args[1]), args[2] instanceof Map ? args[2] : undefined, context),
  ),
  // Protocol 2 writes bytes as _codecs.encode(str, 'latin1').
  known('_codecs', 'encode', (args) => {
    const [text, encoding] = args;
    if (encoding !== 'latin1' && encoding !== 'latin-1') return new PyObject('_codecs.encode', args);
    if (text instanceof LazyString) return latin1Payload(text);
    if (typeof text !== 'string') return new PyObject('_codecs.encode', args);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
    return out;
  }),
];

/** The same bytes object for the same (memoised) text, so storages over it are shared (torch-globals.ts). */
const latin1Payloads = new WeakMap<LazyString, LazyBytes>();
function latin1Payload(text: LazyString): LazyBytes {
  let bytes = latin1Payloads.get(text);
  if (!bytes) {
    const encoding = text.encoding === 'utf8' ? 'latin1-of-utf8' : 'latin1-of-raw-unicode-escape';
    bytes = new LazyBytes(text.offset, text.length, encoding);
    latin1Payloads.set(text, bytes);
  }
  return bytes;
}

const NUMPY: KnownGlobal[] = ['numpy.core.multiarray', 'numpy._core.multiarray']
  .flatMap((m) => [known(m, 'scalar', numpyScalar)])
  .concat([
    known('numpy', 'dtype', (args) =>
      typeof args[0] === 'string' && args[0].length <= 64 ? new NumpyDtype(args[0]) : new PyObject('numpy.dtype', args),
    ),
  ]);

function isKnown(v: unknown): v is KnownGlobal {
  return typeof v === 'object' && v !== null && typeof (v as KnownGlobal).construct === 'function';
}

const TABLE = new Map<string, KnownGlobal>();
for (const g of [...BUILTINS, ...COLLECTIONS, ...COPYREG, ...NUMPY, ...TORCH_GLOBALS])
  TABLE.set(`${g.module}.${g.name}`, g);
// Python 2 names of the same builtins.
for (const name of [
  'dict',
  'list',
  'tuple',
  'set',
  'frozenset',
  'int',
  'float',
  'bool',
  'str',
  'bytearray',
  'object',
]) {
  TABLE.set(`__builtin__.${name}`, TABLE.get(`builtins.${name}`)!);
}
// Protocols 0-2 spell copyreg (and int) the Python 2 way (pickle's fix_imports).
TABLE.set('__builtin__.long', TABLE.get('builtins.int')!);
for (const g of COPYREG) if (g.module === 'copyreg') TABLE.set(`copy_reg.${g.name}`, g);

const PERSISTENT = known('torch_utils.persistence', '_reconstruct_persistent_obj', (args) => {
  const meta = args[0];
  return meta instanceof Map
    ? new PersistentObject(meta)
    : new PyObject('torch_utils.persistence._reconstruct_persistent_obj', args);
});
const EASY_DICT = known('dnnlib.util', 'EasyDict', (args, kwargs) => {
  const m = toMap(args[0]);
  if (kwargs) for (const [k, v] of kwargs) m.set(k, v);
  return m;
});

/**
 * Resolve `module.name` against the allow-list. Persistence and EasyDict are matched by suffix, since
 * repositories import them as `torch_utils...`, `src.torch_utils...`, `dnnlib.util` or `src.dnnlib.util`.
 */
export const resolveKnownGlobal: GlobalResolver = (module, name) => {
  const hit = TABLE.get(`${module}.${name}`);
  if (hit) return hit;
  if (
    name === '_reconstruct_persistent_obj' &&
    (module === 'torch_utils.persistence' || module.endsWith('.torch_utils.persistence'))
  ) {
    return PERSISTENT;
  }
  if (name === 'EasyDict' && (module === 'dnnlib.util' || module.endsWith('.dnnlib.util') || module === 'dnnlib'))
    return EASY_DICT;
  return undefined;
};
