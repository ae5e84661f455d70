/**
 * Projected videos ("Animate a video") kept in this browser, so they can be chosen again: a clip's content ws
 * and fitted motion rows, with the motion seed that continues them. As saved-pictures.ts is for pictures.
 */
import { wsDigest } from '../render/shared/content-ws';
import { undoable } from '../state/history';
import { useStudio } from '../state/store';
import { type SavedProjection, type Storage, savedLabels, savedStore } from './saved-entries';

/** Its id is a digest of the ws and motion text (the same fit is stored once); its name, the clip's file name. */
export interface SavedVideo extends SavedProjection {
  /** The fitted motion rows as `encodeWs` text (VideoState.motionZ); `motionSeed`'s rows continue them. */
  motionZ: string;
  /** Each frame's PSNR through the render path (`psnr` is their mean). */
  framePsnr: number[];
  /** Generator time step between the clip's frames, and how many there were (frame k at t = k x tStep). */
  tStep: number;
  frames: number;
}

export const SAVED_VIDEOS_KEY = 'stylegan-v-studio:projected-videos';

const store = savedStore<SavedVideo>({
  key: SAVED_VIDEOS_KEY,
  isEntry: (v) =>
    typeof v.ws === 'string' &&
    typeof v.motionZ === 'string' &&
    typeof v.motionSeed === 'number' &&
    typeof v.psnr === 'number' &&
    typeof v.tStep === 'number' &&
    typeof v.frames === 'number',
  idOf: (entry) => `${wsDigest(entry.ws)}.${wsDigest(entry.motionZ)}.${entry.motionSeed}`,
  noun: 'video',
  hint: 'delete some saved videos or pictures',
});

/** Every saved video (of every model), newest first; unreadable storage reads as none. */
export const readSavedVideos = store.read;
/** Stores a video (replacing one with the same fit); throws a clear error when the browser refuses. */
export const saveVideo = store.save;
export const deleteSavedVideo = store.remove;

/**
 * Whether content ws came from a clip ("Animate a video") rather than a picture: it plays with fitted motion,
 * or a saved video holds it (a fit whose motion was swapped for a seed's).
 */
export function isClipContent(storage: Storage, contentWs: string, motionZ: string | null): boolean {
  return motionZ !== null || readSavedVideos(storage).some((v) => v.ws === contentWs);
}

/** Names that tell saved videos apart: "<file name> · <date and time>" (and "(2)" … as for pictures). */
export const savedVideoLabels = savedLabels;

/** The studio's video source (content ws and fitted motion), shown in Video: one undo step. */
export function chooseSavedVideo(saved: Pick<SavedVideo, 'ws' | 'motionZ' | 'motionSeed'>): void {
  undoable(() =>
    useStudio
      .getState()
      .update({ contentWs: saved.ws, motionZ: saved.motionZ, motionSeed: saved.motionSeed, view: 'video' }),
  );
}
