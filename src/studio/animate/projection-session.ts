/**
 * The "Animate a picture" session: the chosen picture, its crop, the projection settings and the running
 * projection, in one small store of its own. It outlives the stage view, so closing the view and opening it
 * again (or a projection that finishes meanwhile) loses nothing.
 */
import { create } from 'zustand';
import type { DecodedImage } from '../../image-input';
import type { LatentSpace } from '../../latent';
import { userMessage } from '../../util';
import { services } from '../render/page/studio-services';
import { encodeWs } from '../render/shared/content-ws';
import type { ProjectionJobResult, ProjectionStatus } from '../render/shared/protocol';
import { undoable } from '../state/history';
import { useStudio } from '../state/store';
import { VALUES } from '../state/values';
import { CENTRE_CROP, type CropControls } from './crop-controls';
import { jobControls, thrownPhase } from './job-controls';
import { decodePicture, type PreparedPicture } from './picture';
import { type SavedPicture, savePicture } from './saved-pictures';

export type ProjectionPhase =
  | { kind: 'idle' }
  | { kind: 'running'; status: ProjectionStatus | null; keeping: boolean }
  | { kind: 'done'; saved: SavedPicture; kept: boolean }
  | { kind: 'canceled' }
  | { kind: 'error'; message: string };

export interface ProjectionSettings {
  steps: number;
  space: LatentSpace;
  /** Try this many motion seeds from the current one and fit with the best (0: the current one). */
  motionSearch: number;
}

export interface AnimateSession {
  picture: { name: string; image: DecodedImage } | null;
  crop: CropControls;
  pictureError: string | null;
  steps: number;
  space: LatentSpace;
  searchMotion: boolean;
  phase: ProjectionPhase;
  reconstruction: ImageData | null;
  /** Bumped when the saved pictures change (their list re-reads storage). */
  savedVersion: number;
}

export const useAnimate = create<AnimateSession>()(() => ({
  picture: null,
  crop: CENTRE_CROP,
  pictureError: null,
  steps: VALUES.projectionSteps.default,
  space: 'w+',
  searchMotion: false,
  phase: { kind: 'idle' },
  reconstruction: null,
  savedVersion: 0,
}));

const session = () => useAnimate.getState();
const set = (patch: Partial<AnimateSession>) => useAnimate.setState(patch);

const controls = jobControls(useAnimate);

export function isProjecting(): boolean {
  return controls.active();
}

/** Decodes a chosen or dropped file; a bad file keeps the previous picture and says why. */
export async function choosePicture(file: File | undefined): Promise<void> {
  if (!file || controls.active()) return;
  set({ pictureError: null });
  try {
    const image = await decodePicture(file);
    set({ picture: { name: file.name, image }, crop: CENTRE_CROP });
    if (!controls.active()) set({ phase: { kind: 'idle' } });
  } catch (error) {
    set({ pictureError: userMessage(error) });
  }
}

export function setCrop(crop: CropControls): void {
  if (!controls.active()) set({ crop });
}

export function setProjectionSettings(patch: Partial<Pick<AnimateSession, 'steps' | 'space' | 'searchMotion'>>): void {
  set(patch);
}

export function savedPicturesChanged(): void {
  set({ savedVersion: session().savedVersion + 1 });
}

/**
 * Runs the projection as a render-worker job with live status, Cancel (nothing kept) and Keep (the best so
 * far). The result is saved in this browser and becomes the studio's content.
 */
export async function startProjection(picture: PreparedPicture, settings: ProjectionSettings): Promise<void> {
  const state = useStudio.getState();
  if (!state.model || controls.active() || state.projecting) return;
  const { cancel, keep } = controls.begin();
  set({ reconstruction: null, phase: { kind: 'running', status: null, keeping: false } });
  try {
    const result = (await services.client.runJob(
      {
        kind: 'project',
        target: picture.target,
        steps: settings.steps,
        space: settings.space,
        motionSeed: state.motionSeed,
        searchMotionSeeds: Array.from({ length: settings.motionSearch }, (_, i) => state.motionSeed + i),
        classIndex: state.model.cDim > 0 ? state.classIndex : null,
      },
      (_, status) => {
        if (!status || cancel.signal.aborted) return;
        const image = status.reconstruction;
        if (image) set({ reconstruction: new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height) });
        const phase = session().phase;
        if (phase.kind === 'running') set({ phase: { ...phase, status } });
      },
      cancel.signal,
      keep.signal,
    )) as ProjectionJobResult;
    const { width, height, rgba } = result.reconstruction;
    set({ reconstruction: new ImageData(new Uint8ClampedArray(rgba), width, height) });
    const ws = encodeWs(result.ws);
    const saved = savePicture(localStorage, {
      modelId: state.modelId,
      name: picture.name,
      ws,
      psnr: result.psnr,
      step: result.step,
      steps: result.steps,
      space: result.space,
      motionSeed: result.motionSeed,
    });
    // The picture was fitted with the seed's motion: fitted motion rows ("Animate a video") give way to it.
    undoable(() =>
      useStudio.getState().update({ contentWs: ws, motionSeed: result.motionSeed, motionZ: null, view: 'video' }),
    );
    set({ phase: { kind: 'done', saved, kept: keep.signal.aborted }, savedVersion: session().savedVersion + 1 });
  } catch (error) {
    set({ phase: thrownPhase(error, cancel.signal.aborted) });
  } finally {
    controls.end();
  }
}

export const cancelProjection = (): void => controls.cancel();
export const keepProjection = (): void => controls.keep();
