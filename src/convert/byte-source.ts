/** Random-access byte sources the converter reads snapshots from. Works in Node and in the browser. */
import { PickleError } from './errors';

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** A display name (the file name), when known. */
  readonly name?: string;
  /** Read `length` bytes at `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes already in memory. */
export class MemoryByteSource implements ByteSource {
  readonly size: number;
  constructor(
    private readonly bytes: Uint8Array,
    readonly name?: string,
  ) {
    this.size = bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.bytes.subarray(offset, Math.min(this.size, offset + length));
  }
}

/** A source over a browser `Blob`/`File` (sliced, never loaded whole). */
export class BlobByteSource implements ByteSource {
  readonly size: number;
  readonly name?: string;
  constructor(
    private readonly blob: Blob,
    name?: string,
  ) {
    this.size = blob.size;
    this.name = name ?? (typeof File !== 'undefined' && blob instanceof File ? blob.name : undefined);
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    return new Uint8Array(await this.blob.slice(offset, end).arrayBuffer());
  }
}

/** Read exactly `length` bytes or fail. */
export async function readExactly(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  if (offset < 0 || length < 0 || offset + length > source.size) {
    throw new PickleError(
      `data runs past the end of the file (${length} bytes wanted, the file has ${source.size})`,
      Math.min(offset, source.size),
      'truncated',
    );
  }
  const out = await source.read(offset, length);
  if (out.length !== length) {
    throw new PickleError(`the file ended while reading ${length} bytes`, offset + out.length, 'truncated');
  }
  return out;
}
