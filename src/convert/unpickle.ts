/** Drivers of the pickle machine: from a random-access source chunk by chunk, or from bytes in memory. */
import type { ByteSource } from './byte-source';
import { PickleError } from './errors';
import { REFILL_MARGIN } from './pickle-input';
import { PickleMachine, type PickleOptions } from './pickle-machine';

const EMPTY = new Uint8Array(0);

/**
 * The refill after a skipped payload. A snapshot's pickle is mostly big tensor payloads (skipped, left in the
 * file) with a few hundred bytes of structure between them: reading 256 KB there to use a few hundred costs
 * ~4x more time in a browser (a Blob read's cost grows with its size) for nothing.
 */
export const SKIP_CHUNK = 16 * 1024;

export interface UnpickleOptions extends PickleOptions {
  /** Absolute offset where the pickle starts (default 0). */
  start?: number;
  /**
   * Bytes read per refill (default 256 KB). Right after a skipped payload the next read is smaller
   * (`SKIP_CHUNK`), then doubles back up to this while the pickle goes on without a skip.
   */
  chunkSize?: number;
  /** Called after each refill with the absolute offset reached. */
  onProgress?: (offset: number) => void;
}

/** Unpickle one pickle from a random-access source, reading it chunk by chunk. */
export async function unpickle(source: ByteSource, options: UnpickleOptions = {}): Promise<unknown> {
  const vm = new PickleMachine({ ...options, totalSize: source.size });
  const maxChunk = options.chunkSize ?? 256 * 1024;
  let chunk = maxChunk;
  let from = options.start ?? 0;
  let length = 0;
  for (;;) {
    if (from > source.size) {
      throw new PickleError(
        'unexpected end of data: a payload runs past the end of the file',
        source.size,
        'truncated',
      );
    }
    const len = Math.min(Math.max(length, chunk + REFILL_MARGIN), source.size - from);
    const bytes = len > 0 ? await source.read(from, len) : EMPTY;
    vm.setWindow(bytes, from, from + len >= source.size);
    options.onProgress?.(from + len);
    const r = vm.run();
    if (r.done) return r.value;
    // Past the window's end: the machine skipped a payload it leaves in the source.
    chunk = r.from > from + len ? Math.min(maxChunk, SKIP_CHUNK) : Math.min(maxChunk, 2 * chunk);
    from = r.from;
    length = r.length;
  }
}

/** Unpickle one pickle from bytes in memory; `base` is the absolute offset of `bytes[0]` (for errors). */
export function unpickleBytes(
  bytes: Uint8Array,
  options: PickleOptions & { base?: number } = {},
): { value: unknown; end: number } {
  const base = options.base ?? 0;
  const vm = new PickleMachine({ ...options, totalSize: base + bytes.length });
  vm.setWindow(bytes, base, true);
  const r = vm.run();
  if (!r.done) throw new PickleError('unexpected end of data', base + bytes.length, 'truncated');
  return { value: r.value, end: vm.offset - base };
}
