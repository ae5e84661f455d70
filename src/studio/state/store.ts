import { temporal } from 'zundo';
import { create } from 'zustand';
import type { CachedModelInfo, ModelIndexEntry } from '../../model';
import type { ModelInfo } from '../render/shared/protocol';
import { historyOptions } from './history';
import type { TimeUnit } from './time-format';
import type { TimelineView } from './timeline-view';
import type { AnyKey, TrackId } from './tracks';
import { defaultVideoState, type VideoState } from './video-state';

export type { ModelInfo };

/** What the model panel asks for; the model service carries it out. */
export type ModelAsk =
  /** `quiet`: undo/redo or a link asks for it (not an undo step of its own). */
  | { kind: 'pick'; key: string; quiet?: boolean }
  | { kind: 'files'; files: File[] }
  | { kind: 'delete'; key: string }
  /** "Load from URL" (or a link's model-url=, once the person said Load). */
  | { kind: 'url'; url: string }
  /** Stops a download under way; it leaves nothing stored. */
  | { kind: 'cancel' }
  | { kind: 'rename'; key: string; name: string };
export type ModelRequest = ModelAsk & { seq: number };

export type Progress =
  | { phase: 'idle' }
  | { phase: 'busy'; label: string; fraction: number }
  | { phase: 'error'; message: string };

export interface StudioState extends VideoState {
  models: ModelIndexEntry[];
  /** Models converted earlier in this browser (model cache), listed as `cache:<id>`. */
  cachedModels: CachedModelInfo[];
  model: ModelInfo | null;
  modelProgress: Progress;
  backend: string | null;
  notices: string[];
  playing: boolean;
  /** Show the unedited video (before/after). */
  showOriginal: boolean;
  pcaProgress: Progress;
  /** Standard deviation along each principal direction (slider units); empty until PCA is ready. */
  directionSigmas: number[];
  /** An export is running: the model must not change under it. */
  exporting: boolean;
  /** A picture projection runs on the current model: the model must not change under it either. */
  projecting: boolean;
  /** A link waiting for its model (not in this browser yet): applied once that model is loaded. */
  pendingLink: string | null;
  /** The keyboard map overlay ("?"). */
  keysShown: boolean;
  /** Last render error shown to the person, if any. */
  renderError: string | null;
  /** The latest model request from the panel, and a message when one failed. */
  modelRequest: ModelRequest | null;
  modelError: string | null;
  /** A model download runs (it can be cancelled). */
  modelDownloading: boolean;
  /** A link's model-url= waiting for the person to say Load or Cancel: the question and the URL. */
  modelUrlOffer: { url: string; question: string } | null;
  /** Canvases the panels show frames in; the live renderer draws into them. */
  mainCanvas: HTMLCanvasElement | null;
  thumbnailCanvases: HTMLCanvasElement[];
  gridCanvases: HTMLCanvasElement[];
  /** Direction previews (Edit content): direction × PREVIEW_SIGMAS.length + the coefficient's place. */
  previewCanvases: HTMLCanvasElement[];
  /** "Animate a picture" fills the stage instead of the video or the grid (the stage's third view). */
  animateOpen: boolean;
  /** Frame cache: its cap (adjustable) and use. */
  cacheCapMb: number;
  cacheUsedBytes: number;
  /** Which parts of the timeline have cached frames of the current video: one char per bin, '1' ready. */
  readyBins: string;
  /** Playback: frames that were due but not ready, since Play; or wait for every frame instead. */
  droppedFrames: number;
  playEveryFrame: boolean;
  /** The J/K/L shuttle's rate while playing (±1, ±2, ±4; 0: plain play). Not the stored speed: no link, no undo. */
  shuttle: number;
  /** How every time field of the page shows times. */
  timeUnit: TimeUnit;
  /** The stretch of the clip the timeline shows (null: all of it). */
  timelineView: TimelineView | null;
  /** The t whose full frame is on screen (every grid cell, in grid view). */
  shownT: number | null;
  /** Reading or decoding a sound file, or why the last one was refused. */
  soundStatus: Progress;
  /** Scrubbing plays short grains of the sound (off: silent while paused). */
  soundScrub: boolean;
  /** The tracks panel: the selected keyframe (by its track and time), the track "A" adds to, the copied keyframe. */
  selectedKey: { track: TrackId; at: number } | null;
  activeTrack: TrackId | null;
  copiedKey: { track: TrackId; key: AnyKey } | null;
  update: (patch: Partial<StudioState>) => void;
  notify: (notice: string) => void;
}

export const useStudio = create<StudioState>()(
  temporal(
    (set) => ({
      ...defaultVideoState(),
      models: [],
      cachedModels: [],
      model: null,
      modelProgress: { phase: 'idle' },
      backend: null,
      notices: [],
      playing: false,
      showOriginal: false,
      pendingLink: null,
      keysShown: false,
      pcaProgress: { phase: 'idle' },
      directionSigmas: [],
      renderError: null,
      exporting: false,
      projecting: false,
      modelRequest: null,
      modelError: null,
      modelDownloading: false,
      modelUrlOffer: null,
      mainCanvas: null,
      thumbnailCanvases: [],
      gridCanvases: [],
      previewCanvases: [],
      animateOpen: false,
      cacheCapMb: 256,
      cacheUsedBytes: 0,
      readyBins: '',
      droppedFrames: 0,
      playEveryFrame: false,
      shownT: null,
      shuttle: 0,
      timeUnit: 'frames',
      timelineView: null,
      soundStatus: { phase: 'idle' },
      soundScrub: false,
      selectedKey: null,
      activeTrack: null,
      copiedKey: null,
      update: (patch) => set(patch),
      notify: (notice) => set((s) => ({ notices: [...s.notices.filter((n) => n !== notice), notice] })),
    }),
    historyOptions<StudioState>(),
  ),
);

/** Asks the model service for something (see ModelRequest). */
export function requestModel(ask: ModelAsk): void {
  const seq = (useStudio.getState().modelRequest?.seq ?? 0) + 1;
  useStudio.getState().update({ modelRequest: { ...ask, seq }, modelError: null });
}
