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

/**
 * Reads up to this size use FileReaderSync where there is one (a worker): in Chromium a small async Blob read
 * costs ~2.5 ms and a synchronous one ~1.5 ms, and parsing a snapshot makes a couple of hundred of them. Larger
 * reads stay asynchronous, so the read-ahead windows overlap with the work on the ones before.
 */
const SYNC_READ_MAX_BYTES = 1024 * 1024;

interface SyncBlobReader {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}

let syncReader: SyncBlobReader | null | undefined;

function syncBlobReader(): SyncBlobReader | null {
  if (syncReader === undefined) {
    const Reader = (globalThis as { FileReaderSync?: new () => SyncBlobReader }).FileReaderSync;
    syncReader = Reader ? new Reader() : null;
  }
  return syncReader;
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
    const slice = this.blob.slice(offset, end);
    const reader = end - offset <= SYNC_READ_MAX_BYTES ? syncBlobReader() : null;
    return new Uint8Array(reader ? reader.readAsArrayBuffer(slice) : await slice.arrayBuffer());
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
