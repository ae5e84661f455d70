import * as tf from '@tensorflow/tfjs';
import { backendMemoryLimits, type BrowserBackend, chooseBackend, isBrowserBackend } from '../../engine/browser';
import { deleteCachedModel, listCachedModels, modelFilesFromUrl, type ModelIndex, openCachedModel } from '../../model';
import { Generator, type Video } from '../../engine';
import type { ModelFiles } from '../../model';
import { applyEdits, classMeanW, type Direction, modelDirections, wsIndicesForRange } from '../../latent';
import { contentKey, type StudioState, useStudio } from '../state/store';
import { filmstripTimes } from '../state/timeline';
import { NUM_DIRECTIONS } from '../state/video-state';
import { framesToImageData, showFrames } from './pixels';
import { RenderSuperseded, timeSlices } from './time-slices';
import type { FrameSource } from '../../export';
import { userMessage } from '../../util';

export const FILMSTRIP_SIZE = 8;

export interface RenderStats {
  framesRendered: number;
  lastRenderedT: number | null;
  lastRenderMs: number;
}

/**
 * The one place the studio touches tfjs: loads models, turns store state into prepared videos, and draws
 * frames to the canvases the panels register. Requests are coalesced: while a frame renders, newer
 * requests replace older ones, so scrubbing always ends on the latest t.
 */
export class StudioRenderer {
  private generator: Generator | null = null;
  private modelKey = '';
  private video: Video | null = null;
  private videoKey = '';
  private directions: Direction[] = [];
  private classMeans = new Map<number, Float32Array>();
  private mainCanvas: HTMLCanvasElement | null = null;
  private thumbnails: HTMLCanvasElement[] = [];
  private gridCanvases: HTMLCanvasElement[] = [];
  private gridVideos = new Map<string, Video>();
  private dirty = { frame: false, filmstrip: false, grid: false };
  private running = false;
  private filmstripKey = '';
  readonly stats: RenderStats = { framesRendered: 0, lastRenderedT: null, lastRenderMs: 0 };

  async start(forcedBackend: string | null): Promise<void> {
    const store = useStudio.getState();
    const forced = isBrowserBackend(forcedBackend) ? forcedBackend : undefined;
    if (forcedBackend && !forced) store.notify(`Unknown backend "${forcedBackend}" in the URL; choosing automatically`);
    const choice = await chooseBackend(forced);
    for (const notice of choice.notices) store.notify(notice);
    store.update({ backend: choice.backend });
    useStudio.subscribe((state, previous) => this.onStateChange(state, previous));
  }

  async listModels(): Promise<ModelIndex> {
    const response = await fetch(`${import.meta.env.BASE_URL}models/index.json`);
    if (!response.ok) throw new Error(`could not load the model list (HTTP ${response.status})`);
    return (await response.json()) as ModelIndex;
  }

  /** Loads a model (from the shipped list or from files the person chose) and makes it current. */
  async loadModel(key: string, files: ModelFiles, label: string): Promise<void> {
    const store = useStudio.getState();
    store.update({ modelProgress: { phase: 'busy', label: `Loading ${label}`, fraction: 0 }, renderError: null });
    try {
      const generator = await Generator.load(files, (done, total) =>
        useStudio.getState().update({ modelProgress: { phase: 'busy', label: `Loading ${label}`, fraction: done / total } }),
      );
      generator.setMemoryLimits(backendMemoryLimits());
      for (const warning of generator.warnings) store.notify(`Warning: ${warning}`);
      this.disposeVideos();
      this.generator?.dispose();
      this.generator = generator;
      this.modelKey = key;
      this.directions = [];
      this.classMeans.clear();
      const arch = generator.arch;
      const current = useStudio.getState();
      useStudio.getState().update({
        modelId: key,
        classIndex: Math.min(current.classIndex, Math.max(0, arch.cDim - 1)),
        model: {
          name: generator.name || label,
          resolution: arch.imgResolution,
          cDim: arch.cDim,
          numWs: arch.numWs,
          trainingFps: arch.fps,
          layerWIndices: [...generator.layerWIndices()],
        },
        modelProgress: { phase: 'idle' },
        directionSigmas: [],
      });
      this.requestAll();
      void this.computeDirections(generator, key);
    } catch (error) {
      useStudio.getState().update({ modelProgress: { phase: 'error', message: `Could not load ${label}: ${userMessage(error)}` } });
      throw error;
    }
  }

  /** Refreshes the list of models converted earlier in this browser. */
  async refreshCachedModels(): Promise<void> {
    try {
      useStudio.getState().update({ cachedModels: await listCachedModels() });
    } catch (error) {
      useStudio.getState().notify(`The model cache is unavailable: ${userMessage(error)}`);
    }
  }

  async deleteCachedModel(key: string): Promise<void> {
    await deleteCachedModel(key.replace(/^cache:/, ''));
    await this.refreshCachedModels();
  }

  /** Loads a shipped model by id, or a cached one by `cache:<id>`. */
  async loadModelByKey(key: string): Promise<void> {
    const state = useStudio.getState();
    if (key.startsWith('cache:')) {
      const info = state.cachedModels.find((m) => `cache:${m.id}` === key);
      if (info) return this.loadModel(key, openCachedModel(info.id), info.name);
      state.notify(`Model "${key}" is not in this browser's cache; showing the default model`);
      return this.loadShippedModel('', state.models);
    }
    return this.loadShippedModel(key, state.models);
  }

  loadShippedModel(id: string, models: ModelIndex['models']): Promise<void> {
    const entry = models.find((m) => m.id === id) ?? models.find((m) => m.default) ?? models[0];
    if (!entry) throw new Error('no models are listed in models/index.json');
    if (entry.id !== id && id) useStudio.getState().notify(`Model "${id}" is not available; showing ${entry.name}`);
    const folder = entry.path.replace(/model\.json$/, '');
    return this.loadModel(entry.id, modelFilesFromUrl(`${import.meta.env.BASE_URL}models/${folder}`), entry.name);
  }

  private async computeDirections(generator: Generator, key: string): Promise<void> {
    const store = useStudio.getState();
    store.update({ pcaProgress: { phase: 'busy', label: 'Finding principal directions', fraction: 0 } });
    try {
      const pca = await modelDirections(generator, key, NUM_DIRECTIONS, (fraction) =>
        useStudio.getState().update({ pcaProgress: { phase: 'busy', label: 'Finding principal directions', fraction } }),
      );
      if (generator !== this.generator) return;
      this.directions = pca.directions.map((vector, i) => ({ vector, sigma: Math.sqrt(Math.max(0, pca.variances[i]!)) }));
      useStudio.getState().update({ pcaProgress: { phase: 'idle' }, directionSigmas: this.directions.map((d) => d.sigma) });
      this.requestAll();
    } catch (error) {
      useStudio.getState().update({ pcaProgress: { phase: 'error', message: `Edit directions unavailable: ${userMessage(error)}` } });
    }
  }

  attachMain(canvas: HTMLCanvasElement | null): void {
    this.mainCanvas = canvas;
    this.request('frame');
  }

  attachThumbnails(canvases: HTMLCanvasElement[]): void {
    this.thumbnails = canvases;
    this.filmstripKey = '';
    this.request('filmstrip');
  }

  attachGrid(canvases: HTMLCanvasElement[]): void {
    this.gridCanvases = canvases;
    this.request('grid');
  }

  private onStateChange(state: StudioState, previous: StudioState): void {
    if (contentKey(state) !== contentKey(previous)) this.requestAll();
    else if (state.t !== previous.t) {
      this.request('frame');
      if (state.view === 'grid') this.request('grid');
    }
    if (state.loopStart !== previous.loopStart || state.loopEnd !== previous.loopEnd) this.request('filmstrip');
    if (state.view !== previous.view || state.gridSize !== previous.gridSize) this.request('grid');
  }

  private requestAll(): void {
    this.request('frame');
    this.request('filmstrip');
    this.request('grid');
  }

  private request(what: keyof StudioRenderer['dirty']): void {
    this.dirty[what] = true;
    if (!this.running) void this.loop();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.generator && (this.dirty.frame || this.dirty.filmstrip || this.dirty.grid)) {
        const state = useStudio.getState();
        const generator = this.generator;
        const job: keyof StudioRenderer['dirty'] = this.dirty.frame ? 'frame' : this.dirty.filmstrip ? 'filmstrip' : 'grid';
        this.dirty[job] = false;
        try {
          if (job === 'frame') await this.renderMain(state);
          else if (job === 'filmstrip') await this.renderFilmstrip(state);
          else if (state.view === 'grid') await this.renderGrid(state);
          if (state.renderError) useStudio.getState().update({ renderError: null });
        } catch (error) {
          // A model switch disposed what this frame was using: the new model's frames are already requested.
          if (generator !== this.generator) continue;
          if (error instanceof RenderSuperseded) {
            this.dirty[job] = true; // resumes once the frame that preempted it is drawn
            continue;
          }
          useStudio.getState().update({ renderError: `Rendering failed: ${userMessage(error)}` });
          await this.recoverFromBackendFailure(error);
        }
        // Let input events (the next scrub position) in before the next frame.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * Render hooks: every job yields to input events between synthesis blocks; thumbnails and grid cells also
   * give way as soon as the main frame is wanted (the main frame itself always finishes, so playback on a
   * slow model still shows frames).
   */
  private slicesFor(job: keyof StudioRenderer['dirty']): () => Promise<void> {
    return job === 'frame' ? timeSlices() : timeSlices(() => this.dirty.frame || this.dirty[job]);
  }

  /** A lost GPU device or a failing backend: fall back to WASM with a visible notice and reload the model. */
  private async recoverFromBackendFailure(error: unknown): Promise<void> {
    const backend = tf.getBackend() as BrowserBackend;
    if (backend !== 'webgpu' && backend !== 'webgl') return;
    const store = useStudio.getState();
    store.notify(`${backend} failed (${userMessage(error)}); switched to WASM`);
    const choice = await chooseBackend('wasm');
    store.update({ backend: choice.backend });
    this.disposeVideos();
    if (this.modelKey) await this.loadModelByKey(this.modelKey);
  }

  /** ws for the current state: mapped, truncated (towards the class mean for conditional models), edited. */
  private async contentWs(state: StudioState, contentSeed: number, edited: boolean): Promise<Float32Array> {
    const generator = this.generator!;
    const classIndex = generator.arch.cDim > 0 ? state.classIndex : undefined;
    let center: Float32Array | undefined;
    if (classIndex !== undefined && state.psi !== 1) {
      center = this.classMeans.get(classIndex);
      if (!center) {
        center = await classMeanW(generator, classIndex);
        this.classMeans.set(classIndex, center);
      }
    }
    const mapWs = async (seed: number) => {
      const ws = generator.mapContent({ content: { seed }, classIndex, psi: state.psi, truncationCenter: center });
      const values = (await ws.data()) as Float32Array;
      ws.dispose();
      return values;
    };
    const base = await mapWs(contentSeed);
    if (!edited) return base;
    const layers = new Map(generator.layerWIndices());
    const numWs = generator.arch.numWs;
    const mix = state.mixSeed === null ? undefined : { ws: await mapWs(state.mixSeed), indices: wsIndicesForRange(state.mixRange, layers, numWs) };
    const ranges = state.editRanges.map((r) => wsIndicesForRange(r, layers, numWs));
    return applyEdits(base, generator.arch.wDim, this.directions, state.edits, ranges, mix);
  }

  private async currentVideo(state: StudioState): Promise<Video> {
    const key = `${this.modelKey}|${this.directions.length}|${contentKey(state)}`;
    if (this.video && this.videoKey === key) return this.video;
    const ws = await this.contentWs(state, state.contentSeed, !state.showOriginal);
    const classIndex = this.generator!.arch.cDim > 0 ? state.classIndex : undefined;
    const video = this.generator!.prepareVideo({ content: { ws }, classIndex, motion: { seed: state.motionSeed } });
    this.video?.dispose();
    this.video = video;
    this.videoKey = key;
    return video;
  }

  private async renderMain(state: StudioState): Promise<void> {
    const canvas = this.mainCanvas;
    if (!canvas) return;
    const started = performance.now();
    const video = await this.currentVideo(state);
    const frames = await video.render([state.t], { between: this.slicesFor('frame') });
    try {
      await showFrames(frames, [canvas]);
    } finally {
      frames.dispose();
    }
    this.stats.framesRendered++;
    this.stats.lastRenderedT = state.t;
    this.stats.lastRenderMs = performance.now() - started;
    canvas.dataset.renderedT = String(state.t);
    canvas.dataset.renderCount = String(this.stats.framesRendered);
  }

  private async renderFilmstrip(state: StudioState): Promise<void> {
    if (this.thumbnails.length === 0) return;
    const video = await this.currentVideo(state);
    const times = filmstripTimes(state.loopStart, state.loopEnd, this.thumbnails.length);
    const key = `${this.videoKey}|${times.join(',')}`;
    if (key === this.filmstripKey) return;
    const frames = await video.render(times, { between: this.slicesFor('filmstrip') });
    try {
      await showFrames(frames, this.thumbnails);
    } finally {
      frames.dispose();
    }
    this.thumbnails.forEach((canvas, i) => {
      canvas.dataset.t = String(times[i]);
    });
    this.filmstripKey = key;
    const strip = this.thumbnails[0]?.parentElement;
    if (strip) strip.dataset.renderCount = String(Number(strip.dataset.renderCount ?? 0) + 1);
  }

  /** N x N videos: rows share motion, columns share content, all at the current t. */
  private async renderGrid(state: StudioState): Promise<void> {
    const n = state.gridSize;
    if (this.gridCanvases.length < n * n) return;
    const wanted = new Set<string>();
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const content = state.contentSeed + col;
        const motion = state.motionSeed + row;
        const key = `${this.modelKey}|${content}|${motion}|${state.classIndex}|${state.psi}`;
        wanted.add(key);
        let video = this.gridVideos.get(key);
        if (!video) {
          const ws = await this.contentWs(state, content, false);
          const classIndex = this.generator!.arch.cDim > 0 ? state.classIndex : undefined;
          video = this.generator!.prepareVideo({ content: { ws }, classIndex, motion: { seed: motion } });
          this.gridVideos.set(key, video);
        }
        const frames = await video.render([state.t], { between: this.slicesFor('grid') });
        try {
          await showFrames(frames, [this.gridCanvases[row * n + col]]);
        } finally {
          frames.dispose();
        }
      }
    }
    for (const [key, video] of this.gridVideos) {
      if (!wanted.has(key)) {
        video.dispose();
        this.gridVideos.delete(key);
      }
    }
  }

  private disposeVideos(): void {
    this.video?.dispose();
    this.video = null;
    this.videoKey = '';
    for (const video of this.gridVideos.values()) video.dispose();
    this.gridVideos.clear();
    this.filmstripKey = '';
  }

  /**
   * Frames of what the person sees, for export: the current (edited) video, or the content x motion grid
   * composited into one image. Independent of the on-screen rendering; dispose it when done.
   */
  async createFrameSource(kind: 'video' | 'grid'): Promise<FrameSource> {
    const generator = this.generator;
    if (!generator) throw new Error('no model is loaded');
    const state = useStudio.getState();
    const classIndex = generator.arch.cDim > 0 ? state.classIndex : undefined;
    const n = kind === 'grid' ? state.gridSize : 1;
    const videos: Video[] = [];
    try {
      for (let row = 0; row < n; row++) {
        for (let col = 0; col < n; col++) {
          const ws = await this.contentWs(state, state.contentSeed + col, kind === 'video' && !state.showOriginal);
          videos.push(generator.prepareVideo({ content: { ws }, classIndex, motion: { seed: state.motionSeed + row } }));
        }
      }
    } catch (error) {
      for (const video of videos) video.dispose();
      throw error;
    }
    const tile = generator.arch.imgResolution;
    return {
      width: tile * n,
      height: tile * n,
      async render(times: readonly number[]): Promise<ImageData[]> {
        // One video at a time, yielding between synthesis stages: the page (and its Cancel button) stays
        // responsive during long exports, and only one video's activations are alive at once.
        const tiles: ImageData[][] = [];
        for (const video of videos) {
          const frames = await video.render(times, { between: timeSlices() });
          try {
            tiles.push(await framesToImageData(frames));
          } finally {
            frames.dispose();
          }
        }
        if (n === 1) return tiles[0]!;
        return times.map((_, f) => {
          const out = new ImageData(tile * n, tile * n);
          tiles.forEach((images, v) => {
            const x0 = (v % n) * tile;
            const y0 = Math.floor(v / n) * tile;
            const src = images[f]!.data;
            for (let y = 0; y < tile; y++) out.data.set(src.subarray(y * tile * 4, (y + 1) * tile * 4), ((y0 + y) * tile * n + x0) * 4);
          });
          return out;
        });
      },
      dispose: () => {
        for (const video of videos) video.dispose();
      },
    };
  }

  /** True when every requested frame, thumbnail and grid cell has been drawn. */
  isIdle(): boolean {
    return !this.running && !this.dirty.frame && !this.dirty.filmstrip && !this.dirty.grid;
  }

  /** Tensors held by tfjs right now (for the leak checks in tests). */
  numTensors(): number {
    return tf.memory().numTensors;
  }
}

export const renderer = new StudioRenderer();
