/**
 * PyTorch storages and tensors as they appear in a pickled StyleGAN-V snapshot.
 *
 * `torch.storage._load_from_bytes(b)`: `b` is a legacy (non-zip) `torch.save` stream of one storage:
 * three small pickles (magic number, protocol version 1001, sys_info), the object pickle whose
 * BINPERSID id is ('storage', <torch.XStorage>, key, location, numel[, view_metadata]), a pickle of the
 * list of storage keys, then per key: int64 numel and the raw little-endian elements.
 *
 * Storages over a big payload stay lazy (`LazyBytes` into the snapshot) until a tensor reachable from
 * G_ema is materialised; then only the bytes of that tensor's view are read.
 */

import { quoteText } from '../util';
import { type ByteSource, readExactly } from './byte-source';
import { ConvertError, PickleError } from './errors';
import type { ParseBudget } from './parse-budget';
import type { KnownGlobal } from './pickle-machine';
import { LazyBytes, PyGlobal, PyObject } from './py-values';
import type { ByteRange } from './read-ahead';
import { elementsToFloat32 } from './torch-elements';
import { unpickleBytes } from './unpickle';

export type TorchDType =
  | 'float32'
  | 'float16'
  | 'bfloat16'
  | 'float64'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool';

export const STORAGE_DTYPES: Record<string, { dtype: TorchDType; itemSize: number }> = {
  FloatStorage: { dtype: 'float32', itemSize: 4 },
  HalfStorage: { dtype: 'float16', itemSize: 2 },
  BFloat16Storage: { dtype: 'bfloat16', itemSize: 2 },
  DoubleStorage: { dtype: 'float64', itemSize: 8 },
  LongStorage: { dtype: 'int64', itemSize: 8 },
  IntStorage: { dtype: 'int32', itemSize: 4 },
  ShortStorage: { dtype: 'int16', itemSize: 2 },
  CharStorage: { dtype: 'int8', itemSize: 1 },
  ByteStorage: { dtype: 'uint8', itemSize: 1 },
  BoolStorage: { dtype: 'bool', itemSize: 1 },
};

/** A view may span at most this many storage elements per value it has (plus the slack below). */
const MAX_SPAN_RATIO = 4;
const SPAN_SLACK = 1024;

const LEGACY_MAGIC = 119547037146038801333356n;
const LEGACY_PROTOCOL = 1001;

/** `torch.FloatStorage` and friends, as referenced by a legacy stream's persistent ids. */
export class StorageType implements KnownGlobal {
  readonly module = 'torch';
  constructor(
    readonly name: string,
    readonly dtype: TorchDType,
    readonly itemSize: number,
  ) {}
  construct(args: unknown[]): unknown {
    return new PyObject(`torch.${this.name}`, args);
  }
}

/** Where a storage's elements are: offsets relative to the start of its `_load_from_bytes` payload. */
export interface StorageLayout {
  dtype: TorchDType;
  itemSize: number;
  numel: number;
  /** Byte offset (in the payload) of element 0 of this storage. */
  dataOffset: number;
}

/** One storage saved with `_load_from_bytes`: bytes in memory, or a lazy reference into the snapshot. */
export class TorchStorage {
  private layout?: StorageLayout;
  /** The payload in memory once decoded (protocol 2 stores bytes as a latin-1 text). */
  private decoded?: Uint8Array;
  constructor(
    readonly payload: Uint8Array | LazyBytes,
    /** Absolute offset of the payload in the snapshot (for error messages), when known. */
    readonly payloadOffset = payload instanceof LazyBytes ? payload.offset : 0,
  ) {
    if (payload instanceof Uint8Array) this.layout = parseLegacyStorage(payload, this.payloadOffset);
  }

  /**
   * The dtype and position of the elements, reading the payload's header from `source` when lazy; decoding a
   * latin-1 text payload is charged to `budget` (once: the storage keeps it).
   */
  async getLayout(source?: ByteSource, budget?: ParseBudget): Promise<StorageLayout> {
    if (this.layout) return this.layout;
    const payload = this.payload as LazyBytes;
    const src = requireSource(source);
    if (payload.encoding !== 'raw') {
      budget?.charge(2 * payload.length, 'storage text decoded');
      const text = await readExactly(src, payload.offset, payload.length);
      this.decoded = payload.encoding === 'latin1-of-utf8' ? latin1OfUtf8(text) : latin1OfRawUnicodeEscape(text);
      this.layout = parseLegacyStorage(this.decoded, payload.offset);
      return this.layout;
    }
    // The header pickles are a few hundred bytes; grow the prefix if a header is unusually long.
    for (let prefix = 4096; ; prefix *= 16) {
      const n = Math.min(prefix, payload.length);
      const kept = payload.head;
      const head = kept && kept.length >= n ? kept.subarray(0, n) : await readExactly(src, payload.offset, n);
      try {
        this.layout = parseLegacyStorage(head, payload.offset, payload.length);
        return this.layout;
      } catch (e) {
        if (!(e instanceof PickleError && e.code === 'truncated') || n === payload.length) throw e;
      }
    }
  }

  /** Where elements [start, start + count) lie in the snapshot, when they are read from it (not from memory). */
  fileRange(start: number, count: number): ByteRange | undefined {
    if (!this.layout || this.decoded || !(this.payload instanceof LazyBytes) || count <= 0) return undefined;
    const { dataOffset, itemSize } = this.layout;
    return { offset: this.payload.offset + dataOffset + start * itemSize, length: count * itemSize };
  }

  /** Raw little-endian bytes of elements [start, start + count). */
  async readElements(start: number, count: number, source?: ByteSource, budget?: ParseBudget): Promise<Uint8Array> {
    const layout = await this.getLayout(source, budget);
    if (start < 0 || count < 0 || start + count > layout.numel) {
      throw new ConvertError(
        `elements [${start}, ${start + count}) are outside a storage of ${layout.numel}`,
        'bad-tensor',
      );
    }
    const from = layout.dataOffset + start * layout.itemSize;
    const len = count * layout.itemSize;
    if (this.payload instanceof Uint8Array) return this.payload.subarray(from, from + len);
    if (this.decoded) return this.decoded.subarray(from, from + len);
    return readExactly(requireSource(source), this.payload.offset + from, len);
  }
}

/** Protocol 2 pickles `bytes` as `_codecs.encode(<str of code points 0-255>, 'latin1')`: undo the UTF-8. */
export function latin1OfUtf8(utf8Bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(utf8Bytes.length);
  let n = 0;
  for (let i = 0; i < utf8Bytes.length; i++) {
    const b = utf8Bytes[i]!;
    if (b < 0x80) out[n++] = b;
    else if ((b & 0xe0) === 0xc0 && i + 1 < utf8Bytes.length) out[n++] = ((b & 0x1f) << 6) | (utf8Bytes[++i]! & 0x3f);
    else throw new ConvertError('latin-1 text holds a character above U+00FF', 'bad-storage');
  }
  return out.slice(0, n);
}

/** Protocol 0's raw-unicode-escape text of code points 0-255: bytes as they are, `\\uXXXX` escapes decoded. */
export function latin1OfRawUnicodeEscape(text: Uint8Array): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  const hex = (from: number, digits: number) => {
    let v = 0;
    for (let i = from; i < from + digits; i++) {
      const d = Number.parseInt(String.fromCharCode(text[i] ?? 0), 16);
      if (Number.isNaN(d))
        throw new ConvertError('a protocol 0 storage text has a malformed \\u escape', 'bad-storage');
      v = v * 16 + d;
    }
    if (v > 0xff) throw new ConvertError('latin-1 text holds a character above U+00FF', 'bad-storage');
    return v;
  };
  for (let i = 0; i < text.length; i++) {
    const b = text[i]!;
    if (b === 0x5c && text[i + 1] === 0x75) {
      out[n++] = hex(i + 2, 4);
      i += 5;
    } else if (b === 0x5c && text[i + 1] === 0x55) {
      out[n++] = hex(i + 2, 8);
      i += 9;
    } else out[n++] = b;
  }
  return out.slice(0, n);
}

function requireSource(source: ByteSource | undefined): ByteSource {
  if (!source) throw new ConvertError('a lazy storage needs the snapshot source to be read', 'bad-storage');
  return source;
}

/**
 * Parse the header of a legacy `torch.save` stream of one storage. `bytes` may be only a prefix of the
 * payload (`totalLength` is then its full length); a prefix too short for the header throws a
 * `PickleError` with code 'truncated'.
 */
export function parseLegacyStorage(bytes: Uint8Array, base = 0, totalLength = bytes.length): StorageLayout {
  let pos = 0;
  const next = (options = {}): unknown => {
    const { value, end } = unpickleBytes(bytes.subarray(pos), { ...options, base: base + pos });
    pos += end;
    return value;
  };
  const magic = next();
  if (magic !== LEGACY_MAGIC)
    throw new ConvertError('storage bytes are not a legacy torch.save stream (bad magic number)', 'bad-storage');
  const protocol = next();
  if (protocol !== LEGACY_PROTOCOL)
    throw new ConvertError(`unsupported torch.save protocol ${String(protocol)}`, 'bad-storage');
  const sysInfo = next();
  if (sysInfo instanceof Map && sysInfo.get('little_endian') === false) {
    throw new ConvertError('big-endian torch storages are not supported', 'bad-storage');
  }
  const pids: unknown[][] = [];
  const root = next({
    resolveGlobal: resolveStorageType,
    persistentLoad: (pid: unknown) => {
      if (!Array.isArray(pid)) throw new ConvertError('storage persistent id is not a tuple', 'bad-storage');
      pids.push(pid);
      return pid;
    },
  });
  if (!Array.isArray(root) || root[0] !== 'storage') {
    throw new ConvertError('storage stream does not hold a storage', 'bad-storage');
  }
  const keys = next();
  if (!Array.isArray(keys)) throw new ConvertError('storage stream has no key list', 'bad-storage');

  // ('storage', storage_type, key, location, numel[, view_metadata])
  const rootKey = String(root[2]);
  const viewMeta: unknown = root[5];
  const typeOf = (pid: unknown[]): StorageType => {
    const t = pid[1];
    if (t instanceof PyGlobal && t.module === 'torch.cuda') {
      throw new ConvertError(
        `a tensor is stored on the GPU (${t.qualname.slice(0, 60)}, location ${quoteText(String(pid[3]), 20)}): ` +
          "StyleGAN-V's training loop saves CPU copies, so this file was not written by it — load it in PyTorch, move the networks to the CPU with .cpu() and save it again",
        'bad-storage',
        t.qualname.slice(0, 80),
      );
    }
    if (!(t instanceof StorageType)) throw new ConvertError(`unsupported storage type ${describe(t)}`, 'bad-storage');
    return t;
  };
  const storageType = typeOf(root);
  const sizes = new Map<string, number>();
  for (const pid of pids) sizes.set(String(pid[2]), typeOf(pid).itemSize);

  for (const k of keys) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (pos + 8 > bytes.length) throw new PickleError('storage data header is cut short', base + pos, 'truncated');
    const big = view.getBigInt64(pos, true);
    const itemSize = sizes.get(String(k)) ?? storageType.itemSize;
    // Check the claimed size against the bytes that are really there before trusting it.
    if (big < 0n || big * BigInt(itemSize) > BigInt(totalLength - pos - 8)) {
      throw new PickleError(
        `storage claims ${big} elements of ${itemSize} bytes, more than its payload holds`,
        base + pos,
        'truncated',
      );
    }
    const numel = Number(big);
    pos += 8;
    if (String(k) === rootKey) {
      let dataOffset = pos;
      let count = numel;
      if (Array.isArray(viewMeta)) {
        // Old torch: (view_key, offset, view_size) over the root storage.
        const [, viewOffset, viewSize] = viewMeta as unknown[];
        if (!isCount(viewOffset) || !isCount(viewSize) || viewOffset + viewSize > numel) {
          throw new ConvertError('storage view lies outside its storage', 'bad-storage');
        }
        dataOffset += viewOffset * itemSize;
        count = viewSize;
      }
      return { dtype: storageType.dtype, itemSize, numel: count, dataOffset };
    }
    pos += numel * itemSize;
  }
  throw new ConvertError(`storage key ${rootKey} has no data`, 'bad-storage');
}

export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function describe(v: unknown): string {
  if (v instanceof PyGlobal) return v.qualname.slice(0, 80);
  if (v instanceof PyObject) return v.__class__.slice(0, 80);
  if (typeof v === 'object' && v !== null && 'name' in v) return String((v as { name: unknown }).name);
  return String(v);
}

function resolveStorageType(module: string, name: string): KnownGlobal | undefined {
  if (module !== 'torch') return undefined;
  const d = STORAGE_DTYPES[name];
  return d ? new StorageType(name, d.dtype, d.itemSize) : undefined;
}

/** A tensor view over a storage (from `_rebuild_tensor_v2`). */
export class TorchTensor {
  constructor(
    readonly storage: TorchStorage,
    readonly storageOffset: number,
    readonly shape: number[],
    readonly stride: number[],
    readonly requiresGrad = false,
  ) {}

  get numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** Elements of the storage this view touches (from its offset to its last element). */
  get span(): number {
    if (this.numel === 0) return 0;
    let span = 1;
    for (let i = 0; i < this.shape.length; i++) span += (this.shape[i]! - 1) * this.stride[i]!;
    return span;
  }

  /**
   * Check the view against its storage before anything is allocated: it must lie inside the storage,
   * and cannot have more elements than the storage (no zero-stride views blowing up a few bytes).
   */
  async validate(source?: ByteSource, name = 'tensor', budget?: ParseBudget): Promise<StorageLayout> {
    const layout = await this.storage.getLayout(source, budget);
    const n = this.numel;
    if (!Number.isSafeInteger(n) || n > Math.max(1, layout.numel)) {
      throw new ConvertError(`${name} claims ${n} elements but its storage holds ${layout.numel}`, 'bad-tensor', name);
    }
    if (n > 0 && this.storageOffset + this.span > layout.numel) {
      throw new ConvertError(
        `${name} reaches past the end of its storage (${layout.numel} elements)`,
        'bad-tensor',
        name,
      );
    }
    // Reading a view reads its whole span: one that skips over most of its storage would make a few
    // values cost the storage's size (and thousands of references to it, thousands of times that).
    if (this.span > MAX_SPAN_RATIO * n + SPAN_SLACK) {
      throw new ConvertError(
        `${name} is a strided view of ${n.toLocaleString('en-US')} values spread over ${this.span.toLocaleString('en-US')} storage elements: ` +
          'snapshot weights are stored densely — the file is damaged or crafted',
        'bad-tensor',
        name,
      );
    }
    return layout;
  }

  /** Where the bytes this view reads lie in the snapshot (undefined when they are in memory). */
  async fileRange(source: ByteSource, budget?: ParseBudget): Promise<ByteRange | undefined> {
    await this.storage.getLayout(source, budget);
    return this.storage.fileRange(this.storageOffset, this.span);
  }

  /** The elements in row-major order as float32, whatever the storage dtype and strides; the bytes read are charged to `budget`. */
  async toFloat32(source?: ByteSource, budget?: ParseBudget): Promise<Float32Array> {
    const n = this.numel;
    if (n === 0) return new Float32Array(0);
    const layout = await this.validate(source, 'tensor', budget);
    const span = this.span;
    budget?.charge(span * layout.itemSize, 'tensor data');
    const raw = await this.storage.readElements(this.storageOffset, span, source, budget);
    const flat = elementsToFloat32(raw, layout.dtype);
    if (isContiguous(this.shape, this.stride)) return flat.length === n ? flat : flat.slice(0, n);
    return gather(flat, this.shape, this.stride);
  }
}

function isContiguous(shape: number[], stride: number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && stride[i] !== expected) return false;
    expected *= shape[i]!;
  }
  return true;
}

function gather(flat: Float32Array, shape: number[], stride: number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    out[i] = flat[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      src += stride[d]!;
      if (idx[d]! < shape[d]!) break;
      src -= stride[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/** Decode little-endian elements of `dtype` into a new Float32Array. */
