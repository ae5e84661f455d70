/**
 * The live page's plan, as a pure function of the store, the frame cache and a few facts of the presenter
 * (what failed, when things last changed): which frame each target shows, which of them are in the cache
 * (draws), and what each lane of the worker should render (lane wants). The presenter carries it out.
 */
import { filmstripTimes, framesPerLoop, playbackSequence, playbackStepsOf } from '../../state/timeline';
import { PREVIEW_SIGMAS } from '../../state/video-state';
import type { FrameWant } from '../shared/protocol';
import {
  cellTime,
  cellVideo,
  directionPreviewVideo,
  type FrameState,
  type MainFrame,
  mainFrames,
  type VideoDescription,
  videoKey,
} from '../shared/video-keys';
import { frameKey } from './frame-cache';

/** Progressive frames pay off from this resolution up (smaller models render a whole frame quickly). */
export const PROGRESSIVE_FROM = 128;
/** Idle filling uses at most this share of the cache, so the playhead's neighbourhood is never evicted by it. */
export const IDLE_SHARE = 0.6;
/** Frames rendered ahead of the playhead while playing (about a second at 25 FPS). */
export const AHEAD_FRAMES = 24;
/**
 * Idle filling starts this long after the last change or playhead frame: a render in flight only stops
 * between synthesis stages (one stage of a large model takes a while), so it must not be in the way of
 * someone scrubbing.
 */
export const IDLE_DELAY_MS = 600;

export type WantLane = 'playhead' | 'ahead' | 'filmstrip' | 'grid' | 'idle';
export const WANT_LANES: readonly WantLane[] = ['playhead', 'ahead', 'filmstrip', 'grid', 'idle'];

/** A preview's index is direction × PREVIEW_SIGMAS.length + the coefficient's place in PREVIEW_SIGMAS. */
export type Target =
  | { kind: 'main' }
  | { kind: 'thumb'; index: number }
  | { kind: 'cell'; index: number }
  | { kind: 'preview'; index: number };

/** A target and the frame it should show. */
export interface TargetFrame {
  target: Target;
  key: string;
  videoKey: string;
  t: number;
}

export interface LaneWant {
  frames: FrameWant[];
  /** A running job the new list leaves out is abandoned (true) or finished (false). */
  abandon: boolean;
}

export type PlanState = FrameState & {
  model: { cDim: number; trainingFps: number; resolution: number; numWs?: number } | null;
  t: number;
  playing: boolean;
  view: 'video' | 'grid';
  gridSize: number;
  loopStart: number;
  loopEnd: number;
  speed: number;
  /** The J/K/L shuttle's rate while playing (negative: backwards); render-ahead follows it. */
  shuttle?: number;
  playbackFps: number;
  thumbnails: number;
  gridCells: number;
  /** Direction preview canvases (Edit content), as many as directions × PREVIEW_SIGMAS. */
  previews: number;
};

export interface PlanCache {
  has(videoKey: string, t: number): boolean;
  readonly cap: number;
}

export interface PlanFacts {
  now: number;
  /** When a render input last changed, or a playhead frame last arrived. */
  lastChange: number;
  /** t moved while paused and the timeline has not settled since. */
  scrubbing: boolean;
  idleFilling: boolean;
  failed: { has(key: string): boolean };
  /** When each grid cell last changed (the longest ago renders first). */
  cellUpdatedAt: readonly number[];
}

export interface Plan {
  /** Every target with the frame it should show; `cached` ones are drawn now, the rest when they arrive. */
  targets: Array<TargetFrame & { cached: boolean }>;
  lanes: Record<WantLane, LaneWant>;
  /** Plan again after this many ms (background work waits for the timeline to settle), or null. */
  wakeAfter: number | null;
  scrubbing: boolean;
  /** Whether a new frame for the playhead was asked for. */
  playheadRequested: boolean;
}

export function plan(s: PlanState, cache: PlanCache, facts: PlanFacts): Plan {
  const lanes = Object.fromEntries(
    WANT_LANES.map((lane): [WantLane, LaneWant] => [lane, { frames: [], abandon: true }]),
  ) as Record<WantLane, LaneWant>;
  const result: Plan = { targets: [], lanes, wakeAfter: null, scrubbing: facts.scrubbing, playheadRequested: false };
  if (!s.model) return result;
  const model = s.model;
  const directions = s.directionSigmas.length;
  const key = (video: VideoDescription) => videoKey(s.modelId, video, directions);
  const want = (video: VideoDescription, vk: string, t: number, progressive = false): FrameWant => ({
    key: frameKey(vk, t),
    videoKey: vk,
    video,
    t,
    progressive,
  });
  const target = (t: Target, vk: string, at: number) => {
    const cached = cache.has(vk, at);
    result.targets.push({ target: t, key: frameKey(vk, at), videoKey: vk, t: at, cached });
    return cached;
  };
  const wake = (ms: number) => {
    result.wakeAfter = result.wakeAfter === null ? ms : Math.min(result.wakeAfter, ms);
  };
  const steps = playbackStepsOf(s);

  // The main video (or the project's frames): the filmstrip and the frame at the playhead both show it.
  const frameAt = mainFrames(s);
  const wantOf = (f: MainFrame, progressive = false): FrameWant => ({
    ...want(f.video, f.videoKey, f.t, progressive),
    ...(f.tau === undefined ? {} : { tau: f.tau, projectKey: f.projectKey }),
  });
  const filmWants: FrameWant[] = [];
  filmstripTimes(s.loopStart, s.loopEnd, s.thumbnails).forEach((position, index) => {
    const f = frameAt(position);
    if (!target({ kind: 'thumb', index }, f.videoKey, f.t)) filmWants.push(wantOf(f));
  });
  const head = frameAt(s.t);
  // Background work starts once the frame at the playhead is on screen and the timeline has been still a
  // moment: a render in flight would hold up the next new t by a synthesis stage.
  const mainPending =
    s.view === 'video' && !cache.has(head.videoKey, head.t) && !facts.failed.has(frameKey(head.videoKey, head.t));
  const settleWait = mainPending ? Infinity : facts.lastChange + IDLE_DELAY_MS - facts.now;
  if (settleWait <= 0 || s.playing) result.scrubbing = false;
  if (result.scrubbing) {
    if (filmWants.length > 0 && !mainPending) wake(settleWait);
  } else lanes.filmstrip.frames = filmWants;

  if (s.view === 'video') {
    const cached = target({ kind: 'main' }, head.videoKey, head.t);
    if (!cached && !facts.failed.has(frameKey(head.videoKey, head.t))) {
      lanes.playhead.frames = [wantOf(head, !s.playing && model.resolution >= PROGRESSIVE_FROM)];
      result.playheadRequested = true;
    }
    lanes.playhead.abandon = !s.playing;
    // Positions that show one frame (a freeze, a hold) ask for it once.
    const missing = (positions: number[]) => {
      const seen = new Set<string>();
      return positions.flatMap((position) => {
        const f = frameAt(position);
        const k = frameKey(f.videoKey, f.t);
        if (seen.has(k) || cache.has(f.videoKey, f.t)) return [];
        seen.add(k);
        return [wantOf(f)];
      });
    };
    // Direction previews at t: drawn when cached, rendered only in idle time (first in the idle lane).
    const previewWants: FrameWant[] = [];
    if (directions > 0)
      for (let index = 0; index < s.previews; index++) {
        const direction = Math.floor(index / PREVIEW_SIGMAS.length);
        if (direction >= directions) break;
        const preview = directionPreviewVideo(s, direction, PREVIEW_SIGMAS[index % PREVIEW_SIGMAS.length]!);
        const previewKey = key(preview);
        if (!target({ kind: 'preview', index }, previewKey, s.t) && !facts.failed.has(frameKey(previewKey, s.t)))
          previewWants.push(want(preview, previewKey, s.t));
      }
    if (s.playing) {
      const ahead = facts.idleFilling ? Math.min(AHEAD_FRAMES, Math.ceil(s.playbackFps)) : 0;
      lanes.ahead = { frames: missing(playbackSequence(s.t, ahead, steps)), abandon: false };
    } else if (facts.idleFilling) {
      if (settleWait > 0) {
        if (!mainPending) wake(settleWait);
      } else {
        const frameBytes = model.resolution * model.resolution * 4;
        const budget = Math.floor((cache.cap * IDLE_SHARE) / frameBytes);
        const loopFill = missing(playbackSequence(s.t, Math.min(budget, framesPerLoop(steps) - 1), steps));
        lanes.idle.frames = [...previewWants, ...loopFill];
      }
    }
  } else {
    const n = s.gridSize;
    const cells: Array<{ index: number; want: FrameWant }> = [];
    const at = cellTime(s, s.t);
    for (let index = 0; index < Math.min(n * n, s.gridCells); index++) {
      const cell = cellVideo(s, Math.floor(index / n), index % n);
      const cellKey = key(cell);
      if (!target({ kind: 'cell', index }, cellKey, at)) cells.push({ index, want: want(cell, cellKey, at) });
    }
    // The cells updated longest ago go first, so every cell advances while playing.
    cells.sort((a, b) => (facts.cellUpdatedAt[a.index] ?? 0) - (facts.cellUpdatedAt[b.index] ?? 0));
    lanes.grid = { frames: cells.map((c) => c.want), abandon: !s.playing };
  }
  return result;
}

/** A lane's list as the presenter compares it with what the worker holds. */
export function laneSignature(want: { abandon: boolean; keys: readonly string[] }): string {
  return `${want.abandon}|${want.keys.join(';')}`;
}
