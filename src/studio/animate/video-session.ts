/**
 * The "Animate a video" session, as projection-session.ts is for pictures: the running fit of a prepared clip
 * (a render-worker job with live status and every frame's reconstruction), Cancel and Keep, and the result
 * saved in this browser and made the studio's video source (content ws and fitted motion rows).
 */
import { create } from 'zustand';
import type { LatentSpace } from '../../latent';
import { userMessage } from '../../util';
import { services } from '../render/page/studio-services';
import { encodeWs } from '../render/shared/content-ws';
import type { ClipImages, VideoFitStatus, VideoProjectionJobResult } from '../render/shared/protocol';
import { cellVideo, type KeyState, type VideoDescription } from '../render/shared/video-keys';
import { undoable } from '../state/history';
import { useStudio } from '../state/store';
import { jobControls, thrownPhase } from './job-controls';
import { type SavedVideo, saveVideo } from './saved-videos';

export {
  chooseSavedVideo,
  deleteSavedVideo,
  readSavedVideos,
  type SavedVideo,
  savedVideoLabels,
} from './saved-videos';

/** A clip chosen in "Animate a video": frames cropped square and resized to the model's resolution. */
export interface PreparedClip {
  /** The file's name (saved entries are named after it). */
  name: string;
  /** Model resolution: each frame is size x size. */
  size: number;
  /** Each frame RGB in [0, 1], row-major [size, size, 3] (as TargetImage.rgb); 2 to 64 frames. */
  frames: Float32Array[];
  /** Generator time step between frames (training frames): frame k is at t = k x tStep. */
  tStep: number;
  /** The file's frame rate and the chosen range's first frame time in the file (seconds), for notes. */
  sourceFps: number;
  startSeconds: number;
}

export interface VideoProjectionSettings {
  steps: number;
  space: LatentSpace;
}

/** One step of the fit, for the live view (the worker's status without its pictures). */
export type VideoProjectionStatus = Omit<VideoFitStatus, 'reconstructions'>;

export type VideoProjectionPhase =
  | { kind: 'idle' }
  | { kind: 'running'; status: VideoProjectionStatus | null; keeping: boolean }
  /** `saved`: the entry kept in this browser, or null with `saveError` when the browser refused it. */
  | { kind: 'done'; psnr: number; kept: boolean; saved: SavedVideo | null; saveError?: string }
  | { kind: 'canceled' }
  | { kind: 'error'; message: string };

export interface VideoProjectionSession {
  phase: VideoProjectionPhase;
  /** The latest reconstruction of every clip frame (model resolution), when the worker sent one. */
  reconstructions: ImageData[] | null;
  /** Bumped when the saved videos change (their list re-reads storage). */
  savedVersion: number;
  /**
   * The last fit of the animated clip (what Keep or the end gave), for an export that places the clip, its
   * reconstruction and the current video side by side; null while none (a run starting, canceled or failed).
   */
  fit: FittedVideo | null;
}

/** A fitted video source: content ws and motion rows, continued by the motion seed's own rows. */
export type FittedVideo = Pick<SavedVideo, 'ws' | 'motionZ' | 'motionSeed'>;

/** The video of a fit as it was fitted: its content and motion, the studio's class and ψ, no edits or mixing. */
export function fittedVideo(state: KeyState, fit: FittedVideo): VideoDescription {
  return cellVideo({ ...state, contentWs: fit.ws, motionZ: fit.motionZ, motionSeed: fit.motionSeed }, 0, 0);
}

export const useVideoProjection = create<VideoProjectionSession>()(() => ({
  phase: { kind: 'idle' },
  reconstructions: null,
  savedVersion: 0,
  fit: null,
}));

const session = () => useVideoProjection.getState();
const set = (patch: Partial<VideoProjectionSession>) => useVideoProjection.setState(patch);

const controls = jobControls(useVideoProjection);

export function isProjectingVideo(): boolean {
  return controls.active();
}

export function savedVideosChanged(): void {
  set({ savedVersion: session().savedVersion + 1 });
}

function imagesOf(clip: ClipImages): ImageData[] {
  return clip.frames.map((rgba) => new ImageData(new Uint8ClampedArray(rgba), clip.width, clip.height));
}

/**
 * Fits the clip in the render worker (live status and reconstructions, Cancel keeps nothing, Keep ends with the
 * best so far); the result is saved in this browser and becomes the studio's video source (content ws and
 * motion rows, the fit's starting motion seed continuing them), shown in Video, as one undo step.
 */
export async function startVideoProjection(clip: PreparedClip, settings: VideoProjectionSettings): Promise<void> {
  const state = useStudio.getState();
  if (controls.active()) return;
  if (!state.model) {
    set({ phase: { kind: 'error', message: 'Load a model first: the clip is fitted into the loaded model' } });
    return;
  }
  if (state.projecting) {
    set({ phase: { kind: 'error', message: 'A projection is running: wait for it or cancel it first' } });
    return;
  }
  const resolution = state.model.resolution;
  if (clip.size !== resolution) {
    set({
      phase: {
        kind: 'error',
        message: `The clip's frames are ${clip.size}x${clip.size}; this model needs ${resolution}x${resolution}`,
      },
    });
    return;
  }
  const { cancel, keep } = controls.begin();
  set({ reconstructions: null, fit: null, phase: { kind: 'running', status: null, keeping: false } });
  const motionSeed = state.motionSeed;
  try {
    const result = (await services.client.runJob(
      {
        kind: 'project-video',
        // Copies are transferred: the clip stays whole for the stage.
        frames: clip.frames.map((frame) => frame.slice()),
        size: clip.size,
        times: clip.frames.map((_, k) => k * clip.tStep),
        steps: settings.steps,
        space: settings.space,
        motionSeed,
        classIndex: state.model.cDim > 0 ? state.classIndex : null,
      },
      (_, __, video) => {
        if (!video || cancel.signal.aborted) return;
        const { reconstructions, ...status } = video;
        if (reconstructions) set({ reconstructions: imagesOf(reconstructions) });
        const phase = session().phase;
        if (phase.kind === 'running') set({ phase: { ...phase, status } });
      },
      cancel.signal,
      keep.signal,
    )) as VideoProjectionJobResult;
    set({ reconstructions: imagesOf(result.reconstructions) });
    const ws = encodeWs(result.ws);
    const motionZ = encodeWs(result.motionZ);
    let saved: SavedVideo | null = null;
    let saveError: string | undefined;
    try {
      saved = saveVideo(localStorage, {
        modelId: state.modelId,
        name: clip.name,
        ws,
        motionZ,
        motionSeed: result.motionSeed,
        psnr: result.psnr,
        framePsnr: result.framePsnr,
        tStep: clip.tStep,
        frames: clip.frames.length,
        step: result.step,
        steps: result.steps,
        space: result.space,
      });
    } catch (error) {
      saveError = `The video is shown but not saved: ${userMessage(error)}`;
      useStudio.getState().notify(saveError);
    }
    undoable(() =>
      useStudio.getState().update({ contentWs: ws, motionZ, motionSeed: result.motionSeed, view: 'video' }),
    );
    set({
      phase: {
        kind: 'done',
        psnr: result.psnr,
        kept: keep.signal.aborted,
        saved,
        ...(saveError ? { saveError } : {}),
      },
      savedVersion: session().savedVersion + 1,
      fit: { ws, motionZ, motionSeed: result.motionSeed },
    });
  } catch (error) {
    const canceled = cancel.signal.aborted;
    set({ phase: thrownPhase(error, canceled), ...(canceled ? { reconstructions: null } : {}) });
  } finally {
    controls.end();
  }
}

export const cancelVideoProjection = (): void => controls.cancel();
export const keepVideoProjection = (): void => controls.keep();
