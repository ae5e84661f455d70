/** A project: a clip authored with keyframe tracks over one model, one motion and one class. */
import type { Clip } from './clip';
import type { Keyframe, ValueKey } from './keyframes';
import type { TimeKey } from './time-map';

export const PROJECT_FORMAT = 'stylegan-v-studio-project';
/** The newest version this code reads and the one it writes; a newer file is refused. */
export const PROJECT_VERSION = 1;

/** The project's ranges: the studio's Truncation and Direction fields. */
export const PSI_MIN = 0;
export const PSI_MAX = 1.5;
export const STRENGTH_MIN = -5;
export const STRENGTH_MAX = 5;

/** A block of float32 values with its shape (row-major). */
export interface FloatBlock {
  shape: number[];
  data: Float32Array;
}

/** What a content keyframe holds: a seed (mapped, truncated with ψ) or a saved picture's ws [numWs, wDim]. */
export type ContentSource = { seed: number } | { ws: FloatBlock };
export type ContentKey = Keyframe & ContentSource;

/** A layer range: a group, or inclusive ws indices [first, last]. */
export type LayerSpec = 'coarse' | 'middle' | 'fine' | 'all' | [number, number];
export const LAYER_GROUPS = ['coarse', 'middle', 'fine', 'all'] as const;

/** Motion: a seed's trajectory, or motion_z rows [rows, motion zDim]. */
export type MotionSpec = { seed: number } | { z: FloatBlock };

/** Principal directions (unit vectors [k, wDim] and σ [k]) with one strength track per direction. */
export interface DirectionTracks {
  vectors: FloatBlock;
  sigma: FloatBlock;
  tracks: { layers: LayerSpec; keys: ValueKey[] }[];
}

export interface Project {
  /** The model's id (a shipped model's folder name in public/models). */
  model: string;
  clip: Clip;
  motion: MotionSpec;
  /** Class of a conditional model; constant over the clip. */
  classIndex?: number;
  /** Style mixing (constant): the ws in `layers` are replaced by the seed's (truncated with ψ). */
  mix?: { seed: number; layers: LayerSpec };
  tracks: {
    time?: TimeKey[];
    content: ContentKey[];
    psi?: ValueKey[];
  };
  directions: DirectionTracks | null;
}
