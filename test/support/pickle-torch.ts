/**
 * Torch and OmegaConf structures for the test pickle writer (pickle-writer.ts): legacy `torch.save`
 * storage streams, tensors and parameters, persistent modules, numpy scalars and OmegaConf configs, as
 * the official training loop pickles them.
 */
import {
  call,
  dict,
  float,
  glob,
  list,
  type Py,
  type PyCall,
  type PyDict,
  PyInt,
  PyNewObj,
  PyPersId,
  PySet,
  PyStreamBytes,
  pickleToBytes,
  tuple,
} from './pickle-writer';

// ---- torch --------------------------------------------------------------------------------------

export type StorageKind = 'FloatStorage' | 'HalfStorage' | 'DoubleStorage';
const ITEM_SIZE: Record<StorageKind, number> = { FloatStorage: 4, HalfStorage: 2, DoubleStorage: 8 };

let storageKeyCounter = 900000000;

/** Header of a legacy torch.save stream of one storage, up to and including the element count. */
export function legacyStorageHeader(kind: StorageKind, numel: number, key = String(storageKeyCounter++)): Uint8Array {
  const parts = [
    pickleToBytes(new PyInt(119547037146038801333356n), 2),
    pickleToBytes(1001, 2),
    pickleToBytes(
      dict({ protocol_version: 1001, little_endian: true, type_sizes: dict({ short: 2, int: 4, long: 4 }) }),
      2,
    ),
    pickleToBytes(new PyPersId(tuple('storage', glob('torch', kind), key, 'cpu', numel, null)), 2),
    pickleToBytes(list(key), 2),
  ];
  const count = new Uint8Array(8);
  new DataView(count.buffer).setBigInt64(0, BigInt(numel), true);
  parts.push(count);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A deterministic generator of uniform values in [-scale, scale). */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x / 4294967296;
  }
  fill(out: Float32Array, scale = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = (this.next() * 2 - 1) * scale;
  }
}

/** Element values for a storage: a fixed array, or `count` random values. */
export type StorageData = Float32Array | { random: Random; count: number; scale?: number };

function f32ToF16(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const e = ((x >>> 23) & 0xff) - 112;
  const m = x & 0x7fffff;
  if (e <= 0) return sign;
  if (e >= 31) return sign | 0x7c00;
  const r = (e << 10) | (m >>> 13);
  return sign | (r + ((m >>> 12) & 1)); // round half up (test data only)
}

/** `torch.storage._load_from_bytes(<legacy stream>)` for these values. */
export function storage(data: StorageData, kind: StorageKind = 'FloatStorage'): PyCall {
  const numel = data instanceof Float32Array ? data.length : data.count;
  const header = legacyStorageHeader(kind, numel);
  const item = ITEM_SIZE[kind];
  const payload = new PyStreamBytes(header.length + numel * item, (write) => {
    write(header);
    const CHUNK = 1 << 18;
    const vals = new Float32Array(Math.min(CHUNK, numel));
    for (let at = 0; at < numel; at += CHUNK) {
      const n = Math.min(CHUNK, numel - at);
      const chunk = vals.subarray(0, n);
      if (data instanceof Float32Array) chunk.set(data.subarray(at, at + n));
      else data.random.fill(chunk, data.scale ?? 1);
      if (kind === 'FloatStorage') write(new Uint8Array(chunk.buffer, 0, n * 4).slice());
      else if (kind === 'DoubleStorage') write(new Uint8Array(Float64Array.from(chunk).buffer));
      else write(new Uint8Array(Uint16Array.from(chunk, f32ToF16).buffer));
    }
  });
  return call(glob('torch.storage', '_load_from_bytes'), [payload]);
}

const ordered = (entries: Array<[Py, Py]> = []) => call(glob('collections', 'OrderedDict'), [], { dictItems: entries });

function contiguousStride(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)`. */
export function tensor(store: Py, shape: number[], options: { offset?: number; stride?: number[] } = {}): PyCall {
  return call(glob('torch._utils', '_rebuild_tensor_v2'), [
    store,
    options.offset ?? 0,
    tuple(...shape),
    tuple(...(options.stride ?? contiguousStride(shape))),
    false,
    ordered(),
  ]);
}

/** A parameter over a fresh storage. */
export function parameter(data: StorageData, shape: number[], kind: StorageKind = 'FloatStorage'): PyCall {
  return call(glob('torch._utils', '_rebuild_parameter'), [tensor(storage(data, kind), shape), true, ordered()]);
}

export function buffer(data: StorageData, shape: number[], kind: StorageKind = 'FloatStorage'): PyCall {
  return tensor(storage(data, kind), shape);
}

/** `numpy.core.multiarray.scalar(dtype('f8'), <8 bytes>)`. */
export function numpyFloat64(v: number): PyCall {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  const dtype = call(glob('numpy', 'dtype'), ['f8', false, true], {
    state: tuple(3, '<', null, null, null, -1, -1, 0),
  });
  return call(glob('numpy.core.multiarray', 'scalar'), [dtype, b]);
}

// ---- modules ------------------------------------------------------------------------------------

export interface ModuleSpec {
  className: string;
  params?: Array<[string, Py]>;
  buffers?: Array<[string, Py]>;
  modules?: Array<[string, Py]>;
  attrs?: Record<string, Py>;
}

function moduleDict(spec: ModuleSpec): PyDict {
  return dict([
    ['training', false],
    ['_parameters', ordered(spec.params)],
    ['_buffers', ordered(spec.buffers)],
    ['_non_persistent_buffers_set', new PySet([])],
    ['_backward_hooks', ordered()],
    ['_is_full_backward_hook', null],
    ['_forward_hooks', ordered()],
    ['_forward_pre_hooks', ordered()],
    ['_state_dict_hooks', ordered()],
    ['_load_state_dict_pre_hooks', ordered()],
    ['_load_state_dict_post_hooks', ordered()],
    ['_modules', ordered(spec.modules)],
    ...Object.entries(spec.attrs ?? {}),
    ['_init_args', tuple()],
    ['_init_kwargs', dict({})],
  ]);
}

/** A persistent module, as `torch_utils.persistence` pickles it. */
export function persistentModule(
  spec: ModuleSpec,
  modulePrefix = 'src.',
  moduleSrc = '# module source omitted',
): PyCall {
  return call(glob(`${modulePrefix}torch_utils.persistence`, '_reconstruct_persistent_obj'), [
    dict({
      type: 'class',
      version: 6,
      module_src: moduleSrc,
      class_name: spec.className,
      state: moduleDict(spec),
    }),
  ]);
}

/** A plain torch.nn module (e.g. Sequential), rebuilt by NEWOBJ + BUILD of its __dict__. */
export function torchModule(qualname: string, spec: Omit<ModuleSpec, 'className'>): PyNewObj {
  const dot = qualname.lastIndexOf('.');
  return new PyNewObj(glob(qualname.slice(0, dot), qualname.slice(dot + 1)), [], {
    state: moduleDict({ className: qualname, ...spec }),
  });
}

// ---- OmegaConf ----------------------------------------------------------------------------------

export type ConfigJson = null | boolean | number | string | ConfigJson[] | { [k: string]: ConfigJson };

const ANY = glob('typing', 'Any');

function containerMetadata(key: Py, refType: Py): PyNewObj {
  return new PyNewObj(glob('omegaconf.base', 'ContainerMetadata'), [], {
    state: dict({
      ref_type: refType,
      object_type: null,
      optional: true,
      key,
      flags: dict({}),
      resolver_cache: call(glob('collections', 'defaultdict'), [glob('builtins', 'dict')]),
      key_type: ANY,
      element_type: ANY,
    }),
  });
}

/**
 * An OmegaConf 2.0 DictConfig tree for `json`; every node's `_parent` points at its container.
 * Returns the root and a lookup of sub-config nodes by dotted path (to use as a module's `cfg`).
 */
export function omegaConf(json: { [k: string]: ConfigJson }): { root: PyNewObj; at(path: string): PyNewObj } {
  const byPath = new Map<string, PyNewObj>();
  const node = (v: ConfigJson, key: Py, parent: PyNewObj | null, path: string): PyNewObj => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const dc = new PyNewObj(glob('omegaconf.dictconfig', 'DictConfig'), []);
      byPath.set(path, dc);
      const content: Array<[Py, Py]> = Object.entries(v).map(([k, x]) => [
        k,
        node(x, k, dc, path ? `${path}.${k}` : k),
      ]);
      dc.state = dict([
        ['_metadata', containerMetadata(key, parent ? ANY : glob('builtins', 'dict'))],
        ['_parent', parent],
        ['_content', dict(content)],
      ]);
      return dc;
    }
    if (Array.isArray(v)) {
      const lc = new PyNewObj(glob('omegaconf.listconfig', 'ListConfig'), []);
      lc.state = dict([
        ['_metadata', containerMetadata(key, ANY)],
        ['_parent', parent],
        ['_content', list(...v.map((x, i) => node(x, i, lc, `${path}.${i}`)))],
      ]);
      return lc;
    }
    const an = new PyNewObj(glob('omegaconf.nodes', 'AnyNode'), []);
    an.state = dict([
      [
        '_metadata',
        new PyNewObj(glob('omegaconf.base', 'Metadata'), [], {
          state: dict({
            ref_type: ANY,
            object_type: null,
            optional: true,
            key,
            flags: dict({}),
            resolver_cache: call(glob('collections', 'defaultdict'), [glob('builtins', 'dict')]),
          }),
        }),
      ],
      ['_parent', parent],
      ['_val', typeof v === 'number' && !Number.isInteger(v) ? float(v) : v],
    ]);
    return an;
  };
  const root = node(json, null, null, '');
  return {
    root,
    at(path: string) {
      const n = byPath.get(path);
      if (!n) throw new Error(`no config node at ${path}`);
      return n;
    },
  };
}
