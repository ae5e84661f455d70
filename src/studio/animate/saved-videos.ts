/**
 * Projected videos ("Animate a video") kept in this browser, so they can be chosen again: a clip's content ws
 * and fitted motion rows, with the motion seed that continues them. As saved-pictures.ts is for pictures.
 */
import type { LatentSpace } from '../../latent';
import { wsDigest } from '../render/shared/content-ws';
import { undoable } from '../state/history';
import { useStudio } from '../state/store';
import { savedPictureLabels } from './saved-pictures';

export interface SavedVideo {
  /** Digest of the ws and motion text: the same fit is stored once. */
  id: string;
  modelId: string;
  /** The clip's file name. */
  name: string;
  /** ws as `encodeWs` text. */
  ws: string;
  /** The fitted motion rows as `encodeWs` text (VideoState.motionZ); `motionSeed`'s rows continue them. */
  motionZ: string;
  motionSeed: number;
  /** Mean PSNR over the clip's frames through the render path, and each frame's. */
  psnr: number;
  framePsnr: number[];
  /** Generator time step between the clip's frames, and how many there were (frame k at t = k x tStep). */
  tStep: number;
  frames: number;
  step: number;
  steps: number;
  space: LatentSpace;
  /** ISO time it was kept. */
  created: string;
}

export const SAVED_VIDEOS_KEY = 'stylegan-v-studio:projected-videos';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function isSaved(value: unknown): value is SavedVideo {
  const v = value as Partial<SavedVideo> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.modelId === 'string' &&
    typeof v.name === 'string' &&
    typeof v.ws === 'string' &&
    typeof v.motionZ === 'string' &&
    typeof v.motionSeed === 'number' &&
    typeof v.psnr === 'number' &&
    typeof v.tStep === 'number' &&
    typeof v.frames === 'number'
  );
}

/** Every saved video (of every model), newest first; unreadable storage reads as none. */
export function readSavedVideos(storage: Storage): SavedVideo[] {
  try {
    const parsed = JSON.parse(storage.getItem(SAVED_VIDEOS_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter(isSaved) : [];
  } catch {
    return [];
  }
}

/** Stores a video (replacing one with the same fit); throws a clear error when the browser refuses. */
export function saveVideo(storage: Storage, entry: Omit<SavedVideo, 'id' | 'created'>): SavedVideo {
  const saved: SavedVideo = {
    ...entry,
    id: `${wsDigest(entry.ws)}.${wsDigest(entry.motionZ)}.${entry.motionSeed}`,
    created: new Date().toISOString(),
  };
  const rest = readSavedVideos(storage).filter((v) => v.id !== saved.id);
  try {
    storage.setItem(SAVED_VIDEOS_KEY, JSON.stringify([saved, ...rest]));
  } catch (error) {
    throw new Error(
      `the browser refused to store the video (${error instanceof Error ? error.name : 'storage error'}): delete some saved videos or pictures`,
    );
  }
  return saved;
}

export function deleteSavedVideo(storage: Storage, id: string): void {
  storage.setItem(SAVED_VIDEOS_KEY, JSON.stringify(readSavedVideos(storage).filter((v) => v.id !== id)));
}

/**
 * Whether content ws came from a clip ("Animate a video") rather than a picture: it plays with fitted motion,
 * or a saved video holds it (a fit whose motion was swapped for a seed's).
 */
export function isClipContent(storage: Storage, contentWs: string, motionZ: string | null): boolean {
  return motionZ !== null || readSavedVideos(storage).some((v) => v.ws === contentWs);
}

/** Names that tell saved videos apart: "<file name> · <date and time>" (and "(2)" … as for pictures). */
export function savedVideoLabels(entries: readonly SavedVideo[]): Map<string, string> {
  return savedPictureLabels(entries);
}

/** The studio's video source (content ws and fitted motion), shown in Video: one undo step. */
export function chooseSavedVideo(saved: Pick<SavedVideo, 'ws' | 'motionZ' | 'motionSeed'>): void {
  undoable(() =>
    useStudio
      .getState()
      .update({ contentWs: saved.ws, motionZ: saved.motionZ, motionSeed: saved.motionSeed, view: 'video' }),
  );
}
