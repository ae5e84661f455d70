/** Python values for the test pickle writer: each class is one kind of thing a pickle can hold. */
export class PyInt {
  constructor(readonly v: number | bigint) {}
}
export class PyFloat {
  constructor(readonly v: number) {}
}
export class PyTuple {
  constructor(readonly items: Py[]) {}
}
export class PyList {
  constructor(readonly items: Py[]) {}
}
export class PyDict {
  constructor(readonly entries: Array<[Py, Py]>) {}
}
export class PySet {
  constructor(readonly items: Py[]) {}
}
export class PyGlobalRef {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}
/** `fn(*args)` by REDUCE, then optional SETITEMS / APPENDS / BUILD. */
export class PyCall {
  constructor(
    readonly fn: Py,
    readonly args: Py[],
    readonly extra: { dictItems?: Array<[Py, Py]>; listItems?: Py[]; state?: Py } = {},
  ) {}
}
/** `cls.__new__(cls, *args)` by NEWOBJ, memoised before its state (so the state may refer back to it). */
export class PyNewObj {
  constructor(
    readonly cls: Py,
    readonly args: Py[],
    readonly extra: { dictItems?: Array<[Py, Py]>; state?: Py } = {},
  ) {}
  /** Filled in after construction to allow cycles. */
  state?: Py;
}
/** Bytes produced by a generator, streamed as BINBYTES/BINBYTES8 without holding them in memory. */
export class PyStreamBytes {
  constructor(
    readonly length: number,
    readonly produce: (write: (chunk: Uint8Array) => void) => void,
  ) {}
}
/** Raw opcodes written verbatim (for malformed-input tests). */
export class PyRaw {
  constructor(readonly bytes: Uint8Array) {}
}
export class PyPersId {
  constructor(readonly pid: Py) {}
}

export type Py =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyInt
  | PyFloat
  | PyTuple
  | PyList
  | PyDict
  | PySet
  | PyGlobalRef
  | PyCall
  | PyNewObj
  | PyStreamBytes
  | PyRaw
  | PyPersId;

export const tuple = (...items: Py[]) => new PyTuple(items);
export const list = (...items: Py[]) => new PyList(items);
export const dict = (entries: Record<string, Py> | Array<[Py, Py]>) =>
  new PyDict(Array.isArray(entries) ? entries : Object.entries(entries));
export const glob = (module: string, name: string) => new PyGlobalRef(module, name);
export const call = (fn: Py, args: Py[], extra?: PyCall['extra']) => new PyCall(fn, args, extra);
export const float = (v: number) => new PyFloat(v);

// ---- writer -------------------------------------------------------------------------------------
