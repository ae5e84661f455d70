import type { LayerRange } from '../../latent';
import type { SoundRef } from './sound-ref';
import { emptyTracks, type StudioTracks } from './tracks';
import { VALUES, type View } from './values';

/** Everything that decides which frame the studio shows; it round-trips through the URL hash. */
export interface VideoState {
  modelId: string;
  contentSeed: number;
  /** Projected content ("Animate a picture"): ws as `encodeWs` text, used instead of the content seed; null: off. */
  contentWs: string | null;
  motionSeed: number;
  /**
   * Fitted motion ("Animate a video"): the fitted motion_z rows as `encodeWs` text; past them the motion
   * seed's own rows continue it (a projected video's motion file), so every t plays. null: the seed alone.
   */
  motionZ: string | null;
  classIndex: number;
  psi: number;
  /** Time in training frames (real-valued). */
  t: number;
  playbackFps: number;
  speed: number;
  /** Clip length in seconds (the timeline's extent). */
  clipSeconds: number;
  /** Loop range in training frames. */
  loopStart: number;
  loopEnd: number;
  /** Coefficient of each principal direction, in standard deviations. */
  edits: number[];
  /** The layer range each direction applies to. */
  editRanges: LayerRange[];
  /** Style mixing: ws in `mixRange` come from this content seed (null: off). */
  mixSeed: number | null;
  mixRange: LayerRange;
  view: View;
  /** Grid view: N x N cells. */
  gridSize: number;
  /** The main frame's zoom factor. */
  zoom: number;
  /** The clip's sound (null: none). Not in links: a link cannot carry a file. */
  sound: SoundRef | null;
  /** Keyframe tracks (issue 21): with any keyframe, the position is clip time and the project defines frames. */
  tracks: StudioTracks;
}

export const NUM_DIRECTIONS = 8;
/** The coefficients (σ) of each direction's preview strip, left to right. */
export const PREVIEW_SIGMAS = [-2, -1, 0, 1, 2] as const;

export function defaultVideoState(modelId = ''): VideoState {
  return {
    modelId,
    contentSeed: VALUES.contentSeed.default,
    contentWs: null,
    motionSeed: VALUES.motionSeed.default,
    motionZ: null,
    classIndex: VALUES.classIndex.default,
    psi: VALUES.psi.default,
    t: VALUES.t.default,
    playbackFps: VALUES.playbackFps.default,
    speed: VALUES.speed.default,
    clipSeconds: VALUES.clipSeconds.default,
    loopStart: VALUES.loopStart.default,
    loopEnd: VALUES.loopEnd.default,
    edits: new Array<number>(NUM_DIRECTIONS).fill(VALUES.edit.default),
    editRanges: Array.from({ length: NUM_DIRECTIONS }, () => ({ group: 'all' as const, first: 0, last: 0 })),
    mixSeed: null,
    mixRange: { group: 'fine', first: 0, last: 0 },
    view: 'video',
    gridSize: VALUES.gridSize.default,
    zoom: VALUES.zoom.default,
    sound: null,
    tracks: emptyTracks(NUM_DIRECTIONS),
  };
}
