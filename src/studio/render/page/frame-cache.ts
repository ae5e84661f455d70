/** One rendered frame: RGBA bytes, as the worker sends them. */
export interface CachedFrame {
  readonly videoKey: string;
  readonly t: number;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

/** The cache key of a frame: everything that defines its video, and its time. */
export function frameKey(videoKey: string, t: number): string {
  return `${videoKey}@${t}`;
}

/**
 * Rendered frames in a least-recently-used map bounded by bytes. Frames of a video are found by
 * (video key, t); a change to a video changes its key, so only that video's frames stop matching, and
 * `retainVideos` / `dropVideo` free them at once.
 */
export class FrameCache {
  private readonly frames = new Map<string, CachedFrame>();
  private bytes = 0;
  private version = 0;

  constructor(private capBytes: number) {}

  get usedBytes(): number {
    return this.bytes;
  }

  get cap(): number {
    return this.capBytes;
  }

  get size(): number {
    return this.frames.size;
  }

  /** Bumped on every change (for views that redraw when the cache does). */
  get changes(): number {
    return this.version;
  }

  setCap(capBytes: number): void {
    this.capBytes = capBytes;
    this.evict();
  }

  /** The frame, marked as most recently used; undefined when it is not cached. */
  get(videoKey: string, t: number): CachedFrame | undefined {
    const key = frameKey(videoKey, t);
    const frame = this.frames.get(key);
    if (frame) {
      this.frames.delete(key);
      this.frames.set(key, frame);
    }
    return frame;
  }

  has(videoKey: string, t: number): boolean {
    return this.frames.has(frameKey(videoKey, t));
  }

  /** Stores a frame; frames larger than the whole cap are not kept. */
  put(frame: CachedFrame): void {
    const key = frameKey(frame.videoKey, frame.t);
    const old = this.frames.get(key);
    if (old) {
      this.frames.delete(key);
      this.bytes -= old.rgba.byteLength;
    }
    if (frame.rgba.byteLength > this.capBytes) return;
    this.frames.set(key, frame);
    this.bytes += frame.rgba.byteLength;
    this.version++;
    this.evict();
  }

  /** Times cached for one video. */
  timesOf(videoKey: string): number[] {
    const times: number[] = [];
    for (const frame of this.frames.values()) if (frame.videoKey === videoKey) times.push(frame.t);
    return times;
  }

  /** Forgets every frame of one video. */
  dropVideo(videoKey: string): void {
    this.dropWhere((frame) => frame.videoKey === videoKey);
  }

  /** Keeps only frames whose video passes `keep` (e.g. the current model's). */
  retainVideos(keep: (videoKey: string) => boolean): void {
    this.dropWhere((frame) => !keep(frame.videoKey));
  }

  clear(): void {
    this.dropWhere(() => true);
  }

  private dropWhere(matches: (frame: CachedFrame) => boolean): void {
    for (const [key, frame] of this.frames) {
      if (!matches(frame)) continue;
      this.frames.delete(key);
      this.bytes -= frame.rgba.byteLength;
      this.version++;
    }
  }

  private evict(): void {
    for (const [key, frame] of this.frames) {
      if (this.bytes <= this.capBytes) break;
      this.frames.delete(key);
      this.bytes -= frame.rgba.byteLength;
      this.version++;
    }
  }
}
