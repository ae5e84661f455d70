/**
 * Reads a snapshot's weight payloads in a few large windows instead of one read per tensor: a browser File read
 * costs a few milliseconds whatever its size, and a 256x256 snapshot has hundreds of tensors. The windows are
 * planned from the byte ranges the tensors will be read from, and the next ones are read while one is used.
 */
import type { ByteSource } from './byte-source';

/** Bytes [offset, offset + length) of the snapshot. */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

export interface WindowPlan {
  /** A window is at most this long, unless one range alone is longer. */
  readonly maxWindowBytes: number;
  /** Ranges this close together share a window (the bytes between them are read and unused). */
  readonly maxGapBytes: number;
}

export const WEIGHT_WINDOWS: WindowPlan = { maxWindowBytes: 16 * 1024 * 1024, maxGapBytes: 64 * 1024 };
/** Windows read ahead of the one in use. */
const WINDOWS_AHEAD = 2;

/** The ranges (in any order, overlapping or not) coalesced into sorted windows that cover each of them. */
export function planWindows(ranges: readonly ByteRange[], plan: WindowPlan = WEIGHT_WINDOWS): ByteRange[] {
  const sorted = ranges.filter((r) => r.length > 0).sort((a, b) => a.offset - b.offset);
  const windows: { offset: number; end: number }[] = [];
  for (const range of sorted) {
    const end = range.offset + range.length;
    const last = windows.at(-1);
    if (
      last &&
      range.offset <= last.end + plan.maxGapBytes &&
      Math.max(end, last.end) - last.offset <= plan.maxWindowBytes
    ) {
      last.end = Math.max(last.end, end);
    } else if (last && range.offset < last.end) {
      // Overlaps a full window: the window is extended so that every range lies inside one window.
      last.end = Math.max(last.end, end);
    } else {
      windows.push({ offset: range.offset, end });
    }
  }
  return windows.map((w) => ({ offset: w.offset, length: w.end - w.offset }));
}

/**
 * A ByteSource that serves reads inside the planned windows from whole-window reads (the next windows read
 * ahead), and any other read from the source itself. It keeps only the windows near the one in use.
 */
export class ReadAheadSource implements ByteSource {
  readonly size: number;
  readonly name?: string;
  private readonly loaded = new Map<number, Promise<Uint8Array>>();

  constructor(
    private readonly source: ByteSource,
    private readonly windows: readonly ByteRange[],
    private readonly plan: WindowPlan = WEIGHT_WINDOWS,
  ) {
    this.size = source.size;
    this.name = source.name;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const index = this.windowOf(offset, length);
    if (index < 0) return this.source.read(offset, length);
    const window = this.windows[index]!;
    const bytesPromise = this.load(index);
    for (const key of this.loaded.keys()) if (key < index || key > index + WINDOWS_AHEAD) this.loaded.delete(key);
    for (let next = index + 1; next <= index + WINDOWS_AHEAD && next < this.windows.length; next++) {
      // A window longer than the plan's (one huge tensor) is read only when asked for.
      if (this.windows[next]!.length <= this.plan.maxWindowBytes) this.load(next);
    }
    const bytes = await bytesPromise;
    const from = offset - window.offset;
    return bytes.subarray(from, Math.min(bytes.length, from + length));
  }

  private load(index: number): Promise<Uint8Array> {
    let loading = this.loaded.get(index);
    if (!loading) {
      const { offset, length } = this.windows[index]!;
      loading = this.source.read(offset, length);
      // A window read ahead and never asked for must not surface as an unhandled rejection; a read that asks
      // for it awaits the same promise and gets the error.
      loading.catch(() => undefined);
      this.loaded.set(index, loading);
    }
    return loading;
  }

  /** The window holding all of [offset, offset + length), or -1. */
  private windowOf(offset: number, length: number): number {
    let lo = 0;
    let hi = this.windows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = this.windows[mid]!;
      if (offset < w.offset) hi = mid - 1;
      else if (offset >= w.offset + w.length) lo = mid + 1;
      else return offset + length <= w.offset + w.length ? mid : -1;
    }
    return -1;
  }
}
