import type { LayerRange } from '../../latent';

/** Everything that decides which frame the studio shows; it round-trips through the URL hash. */
export interface VideoState {
  modelId: string;
  contentSeed: number;
  /** Projected content ("Animate a picture"): ws as `encodeWs` text, used instead of the content seed; null: off. */
  contentWs: string | null;
  motionSeed: number;
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
}

export const NUM_DIRECTIONS = 8;

export function defaultVideoState(modelId = ''): VideoState {
  return {
    modelId,
    contentSeed: 1,
    contentWs: null,
    motionSeed: 1,
    classIndex: 0,
    psi: 0.8,
    t: 0,
    playbackFps: 25,
    speed: 1,
    clipSeconds: 10,
    loopStart: 0,
    loopEnd: 250,
    edits: new Array<number>(NUM_DIRECTIONS).fill(0),
    editRanges: Array.from({ length: NUM_DIRECTIONS }, () => ({ group: 'all' as const, first: 0, last: 0 })),
    mixSeed: null,
    mixRange: { group: 'fine', first: 0, last: 0 },
  };
}
