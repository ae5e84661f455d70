import { create } from 'zustand';
import type { CachedModelInfo, ModelIndexEntry } from '../../model';
import { defaultVideoState, type VideoState } from './video-state';

export interface ModelInfo {
  name: string;
  resolution: number;
  cDim: number;
  numWs: number;
  trainingFps: number;
  /** 'b4.conv1' -> ws index, for layer ranges. */
  layerWIndices: Array<[string, number]>;
}

export type Progress = { phase: 'idle' } | { phase: 'busy'; label: string; fraction: number } | { phase: 'error'; message: string };

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
  view: 'video' | 'grid';
  gridSize: number;
  pcaProgress: Progress;
  /** Standard deviation along each principal direction (slider units); empty until PCA is ready. */
  directionSigmas: number[];
  /** An export is running: the model must not change under it. */
  exporting: boolean;
  /** Last render error shown to the person, if any. */
  renderError: string | null;
  update: (patch: Partial<StudioState>) => void;
  notify: (notice: string) => void;
}

export const useStudio = create<StudioState>()((set) => ({
  ...defaultVideoState(),
  models: [],
  cachedModels: [],
  model: null,
  modelProgress: { phase: 'idle' },
  backend: null,
  notices: [],
  playing: false,
  showOriginal: false,
  view: 'video',
  gridSize: 3,
  pcaProgress: { phase: 'idle' },
  directionSigmas: [],
  renderError: null,
  exporting: false,
  update: (patch) => set(patch),
  notify: (notice) => set((s) => ({ notices: [...s.notices.filter((n) => n !== notice), notice] })),
}));

/** The fields that decide a video's content (changing any of them re-prepares the video). */
export function contentKey(s: StudioState): string {
  return JSON.stringify([s.modelId, s.contentSeed, s.motionSeed, s.classIndex, s.psi, s.edits, s.editRanges, s.mixSeed, s.mixRange, s.showOriginal]);
}
