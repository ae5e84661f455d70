import { type StudioState, useStudio } from '../../state/store';
import { filmstripTimes } from '../../state/timeline';
import type { FrameWant, WorkerMessage } from '../shared/protocol';
import { cellTime, cellVideoKey, isVideoOfModel, mainFrames, projectOf } from '../shared/video-keys';
import { drawCoarse, drawFull } from './draw';
import { type CachedFrame, FrameCache, frameKey } from './frame-cache';
import { laneSignature, plan, type Target, type TargetFrame, WANT_LANES, type WantLane } from './planner';
import { READY_INPUTS, ReadinessStrip } from './readiness-strip';
import type { RenderClient } from './render-client';
import { RENDER_INPUTS } from './render-inputs';

type FrameMessage = Extract<WorkerMessage, { type: 'frame' }>;

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
 * The presenter of the planner's plan (planner.ts): draws what the cache has, sends each lane's wants to the
 * worker when they differ from what it has, and draws a frame on every target that wants it the moment it
 * arrives. The worker owns the queues: a delivered frame leaves the record of what a lane was sent, so no
 * list is sent again just because one of its frames came. Panels only register their canvases in the store.
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
  /** Callers of `nextFullFrame`, answered by the next full frame drawn. */
  private fullFrameWaiters: Array<() => void> = [];
  /** What each lane of the worker holds, as far as the page knows: the last list sent, less frames delivered. */
  private readonly sent = new Map<WantLane, { abandon: boolean; keys: string[] }>();
  /** The plan's targets: the frame each should show. */
  private targets: TargetFrame[] = [];
  /** The frame key each target shows (full frames only). */
  private mainShows = '';
  private thumbShows: string[] = [];
  private cellShows: string[] = [];
  private previewShows: string[] = [];
  private cellUpdatedAt: number[] = [];
  /** Frames the worker could not render: key -> the line shown while that frame is wanted on screen. */
  private failed = new Map<string, string>();
  private updateQueued = false;
  private binsTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly readiness = new ReadinessStrip();
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
    this.previewShows = this.previewShows.map((key, i) =>
      changed(s.previewCanvases, p.previewCanvases, i) ? '' : key,
    );
    if (s.modelId !== p.modelId || s.model !== p.model) {
      this.cache.retainVideos((key) => isVideoOfModel(key, s.modelId));
      this.failed.clear();
      this.sent.clear();
    }

    if ([...READY_INPUTS, ...RENDER_INPUTS].some((k) => k !== 't' && s[k] !== p[k])) this.scheduleBins();
    if (s.t !== p.t && !s.playing) this.scrubbing = true;
    if (RENDER_INPUTS.some((k) => s[k] !== p[k])) {
      this.lastChange = performance.now();
      this.update();
    }
  }

  /** Plans again now: draws what the cache has, and tells the worker what changed in each lane. */
  update(): void {
    const s = useStudio.getState();
    if (!s.model) return;
    // The worker has the project before any want names it.
    const project = projectOf(s);
    if (project) this.client.setProject(project);
    const result = plan(
      {
        ...s,
        thumbnails: s.thumbnailCanvases.length,
        gridCells: s.gridCanvases.length,
        previews: s.previewCanvases.length,
      },
      this.cache,
      {
        now: performance.now(),
        lastChange: this.lastChange,
        scrubbing: this.scrubbing,
        idleFilling: this.idleFilling,
        failed: this.failed,
        cellUpdatedAt: this.cellUpdatedAt,
      },
    );
    this.scrubbing = result.scrubbing;
    this.targets = result.targets;
    for (const target of result.targets) {
      const canvas = this.canvasOf(s, target.target);
      if (target.target.kind === 'thumb' && canvas) canvas.dataset.t = String(target.t);
      const frame = target.cached ? this.cache.get(target.videoKey, target.t) : undefined;
      if (frame) this.draw(target.target, frame);
    }
    for (const lane of WANT_LANES)
      if (this.send(lane, result.lanes[lane].frames, result.lanes[lane].abandon) && lane === 'playhead')
        this.stats.playheadRequests++;
    if (result.wakeAfter !== null) this.wakeAfter(result.wakeAfter);
    this.showState(s);
  }

  private canvasOf(s: StudioState, target: Target): HTMLCanvasElement | undefined {
    if (target.kind === 'main') return s.mainCanvas ?? undefined;
    if (target.kind === 'preview') return s.previewCanvases[target.index];
    return (target.kind === 'thumb' ? s.thumbnailCanvases : s.gridCanvases)[target.index];
  }

  private draw(target: Target, frame: CachedFrame): void {
    const s = useStudio.getState();
    const canvas = this.canvasOf(s, target);
    if (target.kind === 'main') this.showMain(frame);
    else if (canvas && target.kind === 'thumb') this.showThumb(target.index, canvas, frame);
    else if (canvas && target.kind === 'cell') this.showCell(target.index, canvas, frame);
    else if (canvas && target.kind === 'preview') this.showPreview(target.index, canvas, frame);
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

  /** Sends a lane's list when it differs from what the worker holds; true when sent and not empty. */
  private send(lane: WantLane, frames: FrameWant[], abandon: boolean): boolean {
    const held = this.sent.get(lane);
    const next = { abandon, keys: frames.map((f) => f.key) };
    if (held && laneSignature(held) === laneSignature(next)) return false;
    this.sent.set(lane, next);
    this.client.want(lane, frames, abandon);
    return frames.length > 0;
  }

  onFrame(message: FrameMessage): void {
    const rgba = new Uint8ClampedArray(message.rgba);
    const s = useStudio.getState();
    if (message.coarse) {
      const canvas = s.mainCanvas;
      if (!canvas || s.view !== 'video' || message.key !== mainFrameKey(s, s.t) || this.mainShows === message.key)
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
    // Drawn where it arrives: on every target that wants it.
    let mainDrawn = false;
    for (const target of this.targets) {
      if (target.key !== message.key) continue;
      this.draw(target.target, frame);
      mainDrawn ||= target.target.kind === 'main';
    }
    // While playing, a frame that arrives late still shows (motion stays visible on slow models).
    const head = s.playing ? mainFrames(s)(s.t) : null;
    if (head && !this.cache.has(head.videoKey, head.t)) {
      const ofMain =
        head.tau === undefined ? message.videoKey === head.videoKey : message.videoKey.includes(',"frame",');
      if (s.view === 'video' && ofMain && message.lane === 'playhead') this.showMain(frame);
      if (s.view === 'grid' && message.lane === 'grid') {
        const n = s.gridSize;
        for (let i = 0; i < n * n; i++) {
          const canvas = s.gridCanvases[i];
          if (canvas && cellVideoKey(s, i) === message.videoKey) this.showCell(i, canvas, frame);
        }
      }
    }
    // The worker has taken it off its lane: so does the page's record of that lane.
    const held = this.sent.get(message.lane as WantLane);
    if (held) held.keys = held.keys.filter((key) => key !== message.key);
    this.scheduleBins();
    this.showState(s);
    // A new playhead frame lets background work start once the timeline settles (planned again); the lane
    // that sent a frame now on screen is told it has it.
    if (message.lane === 'playhead' || mainDrawn) this.queueUpdate();
  }

  /** The error stays while the frame it is about is wanted on screen (not until some other frame arrives). */
  onRenderError(key: string, message: string): void {
    this.failed.set(key, `Rendering failed: ${message}`);
    this.queueUpdate();
  }

  /** What is on screen, for the store: the shown t, and the error of the first failed target (main or cells, then thumbnails). */
  private showState(s: StudioState): void {
    this.updateShownT(s);
    const ordered = [
      ...this.targets.filter((t) => t.target.kind === 'main' || t.target.kind === 'cell'),
      ...this.targets,
    ];
    const key = ordered.map((t) => t.key).find((k) => this.failed.has(k));
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
    const strip = canvas.parentElement?.closest<HTMLElement>('.filmstrip'); // the thumbnail's button is in the strip
    if (strip) strip.dataset.renderCount = String(Number(strip.dataset.renderCount ?? 0) + 1);
  }

  private showPreview(index: number, canvas: HTMLCanvasElement, frame: CachedFrame): void {
    const key = frameKey(frame.videoKey, frame.t);
    if (this.previewShows[index] === key) return;
    drawFull(canvas, frame.width, frame.height, frame.rgba);
    this.previewShows[index] = key;
    canvas.dataset.t = String(frame.t);
  }

  private showCell(index: number, canvas: HTMLCanvasElement, frame: CachedFrame): void {
    const key = frameKey(frame.videoKey, frame.t);
    if (this.cellShows[index] === key) return;
    drawFull(canvas, frame.width, frame.height, frame.rgba);
    this.cellShows[index] = key;
    this.fullFrameDrawn();
    this.cellUpdatedAt[index] = performance.now();
    canvas.dataset.t = String(frame.t);
  }

  private updateShownT(s: StudioState): void {
    let shown: number | null = null;
    if (s.view === 'video') {
      if (this.mainShows === mainFrameKey(s, s.t)) shown = s.t;
    } else {
      const n = s.gridSize;
      const at = cellTime(s, s.t);
      const all = Array.from({ length: n * n }, (_, i) => i).every(
        (i) => this.cellShows[i] === frameKey(cellVideoKey(s, i), at),
      );
      if (all) shown = s.t;
    }
    if (s.shownT !== shown) s.update({ shownT: shown });
  }

  private log(event: ShownEvent): void {
    this.shownLog.push(event);
    if (this.shownLog.length > 500) this.shownLog.shift();
    if (!event.coarse) this.fullFrameDrawn();
  }

  private fullFrameDrawn(): void {
    const waiters = this.fullFrameWaiters;
    this.fullFrameWaiters = [];
    for (const done of waiters) done();
  }

  /** Resolves when the next full frame is drawn (the main frame or a grid cell), or after `maxWaitMs`. */
  nextFullFrame(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs);
      this.fullFrameWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private scheduleBins(): void {
    if (this.binsTimer) return;
    this.binsTimer = setTimeout(() => {
      this.binsTimer = null;
      const s = useStudio.getState();
      const bins = this.readiness.bins(s, (videoKey, t) => this.cache.has(videoKey, t));
      s.update({ readyBins: bins, cacheUsedBytes: this.cache.usedBytes });
    }, 150);
  }

  /** Every visible target shows the frame it should (idle filling and look-ahead may still run). */
  isIdle(): boolean {
    const s = useStudio.getState();
    if (!s.model || s.modelProgress.phase === 'busy') return false;
    const frameAt = mainFrames(s);
    const times = filmstripTimes(s.loopStart, s.loopEnd, s.thumbnailCanvases.length);
    const strip = times.every((position, i) => {
      const f = frameAt(position);
      const key = frameKey(f.videoKey, f.t);
      return this.thumbShows[i] === key || this.failed.has(key);
    });
    // With no main canvas in the Video view (the stage shows "Animate a picture"), there is no frame to wait for.
    const mainShown = s.shownT === s.t || (s.view === 'video' && s.mainCanvas === null);
    return strip && mainShown;
  }
}

/** The frame key of the main frame at a position (the project's frame when there are tracks). */
function mainFrameKey(s: StudioState, position: number): string {
  const f = mainFrames(s)(position);
  return frameKey(f.videoKey, f.t);
}
