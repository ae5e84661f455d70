/**
 * The torch constructors on the converter's allow-list: storages (`_load_from_bytes`), tensor and
 * parameter rebuilds, and the storage types. None of them runs anything: they build records.
 */
import { ConvertError } from './errors';
import { type CallContext, isKnownGlobal, type KnownGlobal } from './pickle-machine';
import { LazyBytes, PyGlobal, PyObject } from './py-values';
import { isCount, STORAGE_DTYPES, StorageType, TorchStorage, TorchTensor } from './torch-storage';

const MAX_RANK = 16;
const MAX_DIM = 2 ** 32;

function intList(v: unknown, what: string): number[] {
  if (
    !Array.isArray(v) ||
    v.length > MAX_RANK ||
    !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_DIM)
  ) {
    throw new ConvertError(`tensor ${what} is not a tuple of at most ${MAX_RANK} non-negative ints`, 'bad-tensor');
  }
  return v as number[];
}

function known(
  module: string,
  name: string,
  construct: (args: unknown[], kwargs?: Map<unknown, unknown>, context?: CallContext) => unknown,
): KnownGlobal {
  return { module, name, construct };
}

function toBytes(v: unknown): Uint8Array | LazyBytes {
  if (v instanceof Uint8Array || v instanceof LazyBytes) return v;
  throw new ConvertError('_load_from_bytes expects bytes', 'bad-storage');
}

/**
 * One storage per payload: a crafted file may pass the same (memoised) payload to `_load_from_bytes`
 * thousands of times, and its header is then parsed, and a latin-1 text decoded, once.
 */
const storages = new WeakMap<Uint8Array | LazyBytes, TorchStorage>();
function storageOf(payload: Uint8Array | LazyBytes): TorchStorage {
  let storage = storages.get(payload);
  if (!storage) {
    storage = new TorchStorage(payload);
    storages.set(payload, storage);
  }
  return storage;
}

function rebuildTensor(args: unknown[]): TorchTensor {
  const [storage, offset, size, stride, requiresGrad] = args;
  if (!(storage instanceof TorchStorage)) throw new ConvertError('tensor without a storage', 'bad-tensor');
  if (!isCount(offset)) throw new ConvertError('tensor storage offset is not a non-negative int', 'bad-tensor');
  const shape = intList(size, 'size');
  const strides = intList(stride, 'stride');
  if (shape.length !== strides.length) throw new ConvertError('tensor size and stride differ in rank', 'bad-tensor');
  if (!Number.isSafeInteger(shape.reduce((a, b) => a * b, 1)))
    throw new ConvertError('tensor has too many elements', 'bad-tensor');
  return new TorchTensor(storage, offset, shape, strides, requiresGrad === true);
}

/** `_rebuild_from_type_v2(func, new_type, args, state)`: Python calls func(*args); an unknown func is reported, never run. */
function rebuildFromType(name: string, args: unknown[], context?: CallContext): unknown {
  const [fn, , fnArgs] = args;
  if (isKnownGlobal(fn) && Array.isArray(fnArgs)) return fn.construct(fnArgs, undefined, context);
  context?.report(fn instanceof PyGlobal ? fn.qualname : `torch._tensor.${name} of an unknown function`, 'call');
  return new PyObject(`torch._tensor.${name}`, args);
}

function passThrough(args: unknown[]): unknown {
  return args[0];
}

/** The torch constructors on the allow-list (none of them runs anything: they build records). */
export const TORCH_GLOBALS: KnownGlobal[] = [
  known('torch.storage', '_load_from_bytes', (args) => storageOf(toBytes(args[0]))),
  known('torch._utils', '_rebuild_tensor_v2', rebuildTensor),
  known('torch._utils', '_rebuild_tensor_v3', rebuildTensor),
  known('torch._utils', '_rebuild_tensor', rebuildTensor),
  known('torch._utils', '_rebuild_parameter', passThrough),
  known('torch._utils', '_rebuild_parameter_with_state', passThrough),
  known('torch._tensor', '_rebuild_from_type_v2', (args, _kwargs, context) =>
    rebuildFromType('_rebuild_from_type_v2', args, context),
  ),
  known('torch._tensor', '_rebuild_from_type', (args, _kwargs, context) =>
    rebuildFromType('_rebuild_from_type', args, context),
  ),
  ...Object.entries(STORAGE_DTYPES).map(([name, d]) => new StorageType(name, d.dtype, d.itemSize)),
];
