import { type StudioState, useStudio } from '../state/store';
import { filmstripTimes, framesPerLoop, type PlaybackSteps, playbackSequence } from '../state/timeline';
import { drawCoarse, drawFull } from './draw';
import { type CachedFrame, FrameCache, frameKey } from './frame-cache';
import type { FrameWant, WorkerMessage } from './protocol';
import type { RenderClient } from './render-client';
import { RENDER_INPUTS } from './render-inputs';
import { cellVideo, isVideoOfModel, mainVideo, type VideoDescription, videoKey } from './video-keys';

/** Bins of the readiness strip under the timeline. */
const READY_BINS = 200;
/** Progressive frames pay off from this resolution up (smaller models render a whole frame quickly). */
const PROGRESSIVE_FROM = 128;
/** Idle filling uses at most this share of the cache, so the playhead's neighbourhood is never evicted by it. */
const IDLE_SHARE = 0.6;
/** Frames rendered ahead of the playhead while playing (about a second at 25 FPS). */
const AHEAD_FRAMES = 24;
/**
 * Idle filling starts this long after the last change or playhead frame: a render in flight only stops
 * between synthesis stages (one stage of a large model takes a while), so it must not be in the way of
 * someone scrubbing.
 */
const IDLE_DELAY_MS = 600;

type FrameMessage = Extract<WorkerMessage, { type: 'frame' }>;
type WantLane = 'playhead' | 'ahead' | 'filmstrip' | 'grid' | 'idle';

export interface LiveStats {
  framesRendered: number;
  lastRenderedT: number | null;
  lastRenderMs: number;
  /** Frames asked of the worker for the playhead (a cached t asks for none). */
  playheadRequests: number;
  /** Coarse (progressive) images drawn on the main canvas. */
  coarseShown: number;
}

/** One event on the main canvas, for tests: a coarse image or a full frame at t. */
export interface ShownEvent {
  t: number;
  coarse: boolean;
  width: number;
  at: number;
}

/**
 * Turns the store into render requests and frames into pixels: the main frame at the playhead (from the
 * cache, or requested with its coarse preview), frames ahead while playing, the filmstrip, grid cells in
 * grid view, and idle filling of the loop while paused. Panels only register their canvases in the store.
 */
export class LiveRenderer {
  readonly cache: FrameCache;
  readonly stats: LiveStats = {
    framesRendered: 0,
    lastRenderedT: null,
    lastRenderMs: 0,
    playheadRequests: 0,
    coarseShown: 0,
  };
  readonly shownLog: ShownEvent[] = [];
  private readonly sent = new Map<WantLane, string>();
  /** The frame key each target shows (full frames only). */
  private mainShows = '';
  private thumbShows: string[] = [];
  private cellShows: string[] = [];
  private cellUpdatedAt: number[] = [];
  /** Frames the worker could not render: key -> the line shown while that frame is wanted on screen. */
  private failed = new Map<string, string>();
  private updateQueued = false;
  private binsTimer: ReturnType<typeof setTimeout> | null = null;
  private lastChange = 0;
  /** t moved while paused, and the timeline has not settled since (someone scrubbing). */
  private scrubbing = false;
  /**
   * Off on software GPU adapters (look-ahead too): there every render runs in the GPU process, which the
   * page's compositor needs as well, so background rendering would make the page itself stutter.
   */
  idleFilling = true;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeAt = 0;

  constructor(private readonly client: RenderClient) {
    this.cache = new FrameCache(useStudio.getState().cacheCapMb * 2 ** 20);
    useStudio.subscribe((state, previous) => this.onStateChange(state, previous));
  }

  private onStateChange(s: StudioState, p: StudioState): void {
    if (s.cacheCapMb !== p.cacheCapMb) {
      this.cache.setCap(s.cacheCapMb * 2 ** 20);
      this.scheduleBins();
    }
    // A new canvas starts blank.
    const changed = (a: HTMLCanvasElement[], b: HTMLCanvasElement[], i: number) => a[i] !== b[i];
    if (s.mainCanvas !== p.mainCanvas) this.mainShows = '';
    this.thumbShows = this.thumbShows.map((key, i) =>
      changed(s.thumbnailCanvases, p.thumbnailCanvases, i) ? '' : key,
    );
    this.cellShows = this.cellShows.map((key, i) => (changed(s.gridCanvases, p.gridCanvases, i) ? '' : key));
    if (s.modelId !== p.modelId || s.model !== p.model) {
      this.cache.retainVideos((key) => isVideoOfModel(key, s.modelId));
      this.failed.clear();
      this.sent.clear();
    }

    if (s.t !== p.t && !s.playing) this.scrubbing = true;
    if (RENDER_INPUTS.some((k) => s[k] !== p[k])) {
      this.lastChange = performance.now();
      this.update();
    }
  }

  /** Re-derives every target and lane now (draws what the cache has, asks the worker for the rest). */
  update(): void {
    const s = useStudio.getState();
    if (!s.model) return;
    const directions = s.directionSigmas.length;
    const key = (video: VideoDescription) => videoKey(s.modelId, video, directions);
    const want = (video: VideoDescription, vk: string, t: number, progressive = false): FrameWant => ({
      key: frameKey(vk, t),
      videoKey: vk,
      video,
      t,
      progressive,
    });
    const steps: PlaybackSteps = {
      trainingFps: s.model.trainingFps,
      speed: s.speed,
      playbackFps: s.playbackFps,
      loopStart: s.loopStart,
      loopEnd: s.loopEnd,
    };
    const frameBytes = s.model.resolution * s.model.resolution * 4;

    // Filmstrip: thumbnails across the loop.
    // The main video: the filmstrip and the frame at the playhead both show it.
    const video = mainVideo(s);
    const vk = key(video);
    const filmWants: FrameWant[] = [];
    filmstripTimes(s.loopStart, s.loopEnd, s.thumbnailCanvases.length).forEach((t, i) => {
      const canvas = s.thumbnailCanvases[i];
      if (!canvas) return;
      canvas.dataset.t = String(t);
      const frame = this.cache.get(vk, t);
      if (frame) this.showThumb(i, canvas, frame);
      else filmWants.push(want(video, vk, t));
    });
    // Background work starts once the frame at the playhead is on screen and the timeline has been still a
    // moment: a render in flight would hold up the next new t by a synthesis stage.
    const mainPending = s.view === 'video' && !this.cache.has(vk, s.t) && !this.failed.has(frameKey(vk, s.t));
    const settleWait = mainPending ? Infinity : this.lastChange + IDLE_DELAY_MS - performance.now();
    if (settleWait <= 0 || s.playing) this.scrubbing = false;
    if (this.scrubbing) {
      this.send('filmstrip', [], true);
      if (filmWants.length > 0 && !mainPending) this.wakeAfter(settleWait);
    } else this.send('filmstrip', filmWants, true);

    if (s.view === 'video') {
      this.send('grid', [], true);
      const frame = this.cache.get(vk, s.t);
      if (frame) {
        this.showMain(frame);
        this.send('playhead', [], !s.playing);
      } else if (!this.failed.has(frameKey(vk, s.t))) {
        if (
          this.send(
            'playhead',
            [want(video, vk, s.t, !s.playing && s.model.resolution >= PROGRESSIVE_FROM)],
            !s.playing,
          )
        )
          this.stats.playheadRequests++;
      }
      const missing = (times: number[]) => times.filter((t) => !this.cache.has(vk, t)).map((t) => want(video, vk, t));
      if (s.playing) {
        const ahead = this.idleFilling ? Math.min(AHEAD_FRAMES, Math.ceil(s.playbackFps)) : 0;
        this.send('ahead', missing(playbackSequence(s.t, ahead, steps)), false);
        this.send('idle', [], true);
      } else {
        this.send('ahead', [], true);
        if (!this.idleFilling) this.send('idle', [], true);
        else if (settleWait > 0) {
          this.send('idle', [], true);
          if (!mainPending) this.wakeAfter(settleWait);
        } else {
          const budget = Math.floor((this.cache.cap * IDLE_SHARE) / frameBytes);
          this.send('idle', missing(playbackSequence(s.t, Math.min(budget, framesPerLoop(steps) - 1), steps)), true);
        }
      }
    } else {
      this.send('playhead', [], true);
      this.send('ahead', [], true);
      this.send('idle', [], true);
      const n = s.gridSize;
      const cells: Array<{ index: number; want: FrameWant }> = [];
      for (let index = 0; index < n * n; index++) {
        const canvas = s.gridCanvases[index];
        if (!canvas) continue;
        const cell = cellVideo(s, Math.floor(index / n), index % n);
        const cellKey = key(cell);
        const frame = this.cache.get(cellKey, s.t);
        if (frame) this.showCell(index, canvas, frame);
        else cells.push({ index, want: want(cell, cellKey, s.t) });
      }
      // The cells updated longest ago go first, so every cell advances while playing.
      cells.sort((a, b) => (this.cellUpdatedAt[a.index] ?? 0) - (this.cellUpdatedAt[b.index] ?? 0));
      this.send(
        'grid',
        cells.map((c) => c.want),
        !s.playing,
      );
    }
    const n = s.gridSize;
    const screen =
      s.view === 'video'
        ? [frameKey(vk, s.t)]
        : Array.from({ length: n * n }, (_, i) => frameKey(key(cellVideo(s, Math.floor(i / n), i % n)), s.t));
    const film = filmstripTimes(s.loopStart, s.loopEnd, s.thumbnailCanvases.length).map((t) => frameKey(vk, t));
    this.showError(s, [...screen, ...film]);
    this.updateShownT(s);
  }

  /** Derives the lanes again within `ms` (an earlier wake-up already set stays: it derives them anyway). */
  private wakeAfter(ms: number): void {
    const at = performance.now() + ms;
    if (this.wakeTimer && this.wakeAt <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.update();
    }, ms + 1);
  }

  /** Sends a lane's list when it differs from the last one sent; true when sent and not empty. */
  private send(lane: WantLane, frames: FrameWant[], abandon: boolean): boolean {
    const signature = `${abandon}|${frames.map((f) => f.key).join(';')}`;
    if (this.sent.get(lane) === signature) return false;
    this.sent.set(lane, signature);
    this.client.want(lane, frames, abandon);
    return frames.length > 0;
  }

  onFrame(message: FrameMessage): void {
    const rgba = new Uint8ClampedArray(message.rgba);
    const s = useStudio.getState();
    if (message.coarse) {
      const canvas = s.mainCanvas;
      if (
        !canvas ||
        s.view !== 'video' ||
        message.key !== frameKey(this.currentMainKey(s), s.t) ||
        this.mainShows === message.key
      )
        return;
      drawCoarse(canvas, message.width, message.height, rgba);
      canvas.dataset.coarseT = String(message.t);
      this.stats.coarseShown++;
      this.log({ t: message.t, coarse: true, width: message.width, at: performance.now() });
      return;
    }
    this.failed.delete(message.key);
    if (message.lane === 'playhead') this.lastChange = performance.now();
    this.stats.framesRendered++;
    this.stats.lastRenderMs = message.renderMs;
    const frame: CachedFrame = {
      videoKey: message.videoKey,
      t: message.t,
      width: message.width,
      height: message.height,
      rgba,
    };
    this.cache.put(frame);
    // While playing, a frame that arrives late still shows (motion stays visible on slow models).
    if (s.playing && !this.cache.has(message.videoKey, s.t)) {
      if (s.view === 'video' && message.videoKey === this.currentMainKey(s) && message.lane === 'playhead')
        this.showMain(frame);
      if (s.view === 'grid' && message.lane === 'grid') {
        const n = s.gridSize;
        for (let i = 0; i < n * n; i++) {
          const canvas = s.gridCanvases[i];
          if (
            canvas &&
            videoKey(s.modelId, cellVideo(s, Math.floor(i / n), i % n), s.directionSigmas.length) === message.videoKey
          )
            this.showCell(i, canvas, frame);
        }
      }
    }
    this.scheduleBins();
    // Look-ahead and idle frames only fill the cache (the worker dropped them from its lists itself); the
    // lanes that feed what is on screen are derived again.
    if (message.lane !== 'ahead' && message.lane !== 'idle') {
      this.sent.delete(message.lane as WantLane);
      this.queueUpdate();
    } else if (message.t === s.t) this.queueUpdate();
  }

  /** The error stays while the frame it is about is wanted on screen (not until some other frame arrives). */
  onRenderError(key: string, message: string): void {
    this.failed.set(key, `Rendering failed: ${message}`);
    this.queueUpdate();
  }

  /** The error of the first failed frame on screen: the main frame (or the grid's cells), then the filmstrip. */
  private showError(s: StudioState, onScreen: string[]): void {
    const key = onScreen.find((k) => this.failed.has(k));
    const error = key === undefined ? null : this.failed.get(key)!;
    if (s.renderError !== error) s.update({ renderError: error });
  }

  private queueUpdate(): void {
    if (this.updateQueued) return;
    this.updateQueued = true;
    queueMicrotask(() => {
      this.updateQueued = false;
      this.update();
    });
  }

  private currentMainKey(s: StudioState): string {
    return videoKey(s.modelId, mainVideo(s), s.directionSigmas.length);
  }

  private showMain(frame: CachedFrame): void {
    const canvas = useStudio.getState().mainCanvas;
    const key = frameKey(frame.videoKey, frame.t);
    if (!canvas || this.mainShows === key) return;
    drawFull(canvas, frame.width, frame.height, frame.rgba);
    this.mainShows = key;
    this.stats.lastRenderedT = frame.t;
    canvas.dataset.renderedT = String(frame.t);
    canvas.dataset.renderCount = String(this.stats.framesRendered);
    this.log({ t: frame.t, coarse: false, width: frame.width, at: performance.now() });
  }

  private showThumb(index: number, canvas: HTMLCanvasElement, frame: CachedFrame): void {
    const key = frameKey(frame.videoKey, frame.t);
    if (this.thumbShows[index] === key) return;
    drawFull(canvas, frame.width, frame.height, frame.rgba);
    this.thumbShows[index] = key;
    const strip = canvas.parentElement;
    if (strip) strip.dataset.renderCount = String(Number(strip.dataset.renderCount ?? 0) + 1);
  }

  private showCell(index: number, canvas: HTMLCanvasElement, frame: CachedFrame): void {
    const key = frameKey(frame.videoKey, frame.t);
    if (this.cellShows[index] === key) return;
    drawFull(canvas, frame.width, frame.height, frame.rgba);
    this.cellShows[index] = key;
    this.cellUpdatedAt[index] = performance.now();
    canvas.dataset.t = String(frame.t);
  }

  private updateShownT(s: StudioState): void {
    let shown: number | null = null;
    if (s.view === 'video') {
      if (this.mainShows === frameKey(this.currentMainKey(s), s.t)) shown = s.t;
    } else {
      const n = s.gridSize;
      const all = Array.from({ length: n * n }, (_, i) => i).every(
        (i) =>
          this.cellShows[i] ===
          frameKey(videoKey(s.modelId, cellVideo(s, Math.floor(i / n), i % n), s.directionSigmas.length), s.t),
      );
      if (all) shown = s.t;
    }
    if (s.shownT !== shown) s.update({ shownT: shown });
  }

  private log(event: ShownEvent): void {
    this.shownLog.push(event);
    if (this.shownLog.length > 500) this.shownLog.shift();
  }

  private scheduleBins(): void {
    if (this.binsTimer) return;
    this.binsTimer = setTimeout(() => {
      this.binsTimer = null;
      const s = useStudio.getState();
      const maxT = s.clipSeconds * (s.model?.trainingFps ?? 25);
      const bins = new Array<string>(READY_BINS).fill('0');
      for (const t of this.cache.timesOf(this.currentMainKey(s)))
        bins[Math.min(READY_BINS - 1, Math.floor((t / maxT) * READY_BINS))] = '1';
      s.update({ readyBins: bins.join(''), cacheUsedBytes: this.cache.usedBytes });
    }, 150);
  }

  /** Every visible target shows the frame it should (idle filling and look-ahead may still run). */
  isIdle(): boolean {
    const s = useStudio.getState();
    if (!s.model || s.modelProgress.phase === 'busy') return false;
    const directions = s.directionSigmas.length;
    const filmKey = videoKey(s.modelId, mainVideo(s), directions);
    const times = filmstripTimes(s.loopStart, s.loopEnd, s.thumbnailCanvases.length);
    const strip = times.every(
      (t, i) => this.thumbShows[i] === frameKey(filmKey, t) || this.failed.has(frameKey(filmKey, t)),
    );
    return strip && s.shownT === s.t;
  }
}
