/**
 * The "Animate a video" side of the stage: which of picture or video the stage shows, the chosen clip (its
 * header's facts and one frame for the crop view), the crop, the range (start, frames, every k-th frame) and
 * the fit's settings, in a store of its own. "Animate" decodes only the range, crops and resizes it to the
 * model's resolution and hands the clip to the video projection session (video-session.ts), whose store the
 * stage shows as it is.
 */
import { create } from 'zustand';
import type { FrameSource } from '../../export';
import type { CropRect } from '../../image-input';
import type { LatentSpace } from '../../latent';
import { userMessage } from '../../util';
import {
  type ClipRange,
  clipRange,
  clipSecondsAt,
  clipTStep,
  type OpenedVideo,
  openVideo,
  readClipFrames,
  readFrame,
  readFramesAt,
  type VideoFrameImage,
  type VideoInfo,
  videoFromBlob,
} from '../../video-input';
import { setAnimateOpen } from '../state/actions';
import { useStudio } from '../state/store';
import { VALUES } from '../state/values';
import { CENTRE_CROP, type CropControls, cropFromControls } from './crop-controls';
import { targetImageData } from './picture';
import { isProjectingVideo, type PreparedClip, startVideoProjection } from './video-session';

export type AnimateKind = 'picture' | 'video';

export interface ClipSession {
  /** What the stage animates. */
  kind: AnimateKind;
  clip: { info: VideoInfo; frame: VideoFrameImage } | null;
  /** The last file refused (the clip chosen before it stays). */
  clipError: string | null;
  /** A file being opened, the crop view's frame being read, or the range being decoded. */
  reading: 'file' | 'frame' | 'range' | null;
  crop: CropControls;
  startSeconds: number;
  frames: number;
  frameStep: number;
  steps: number;
  space: LatentSpace;
  /** The clip handed to the fit: its frames as shown (model resolution) and their times in the file. */
  targets: {
    frames: ImageData[];
    timestamps: number[];
    tStep: number;
    /** Where they came from: the crop (file pixels) and the first frame's time in the file. */
    crop: CropRect;
    startSeconds: number;
  } | null;
  /** Why the last "Animate" did not start. */
  runError: string | null;
}

export const useClip = create<ClipSession>()(() => ({
  kind: 'picture',
  clip: null,
  clipError: null,
  reading: null,
  crop: CENTRE_CROP,
  startSeconds: VALUES.videoStart.default,
  frames: VALUES.videoFrames.default,
  frameStep: VALUES.videoFrameStep.default,
  steps: VALUES.videoProjectionSteps.default,
  space: 'w+',
  targets: null,
  runError: null,
}));

const session = () => useClip.getState();
const set = (patch: Partial<ClipSession>) => useClip.setState(patch);

/** The opened file (Mediabunny reads it lazily, so it stays open while it is the clip). */
let opened: OpenedVideo | null = null;
/** Bumped by every read, so that an older read that ends late changes nothing. */
let reads = 0;

export function setAnimateKind(kind: AnimateKind): void {
  set({ kind });
}

/** Opens the stage on "Animate a video" with `file` (a page drop, the sidebar's drop). */
export function openVideoStage(file?: File): void {
  set({ kind: 'video' });
  setAnimateOpen(true);
  if (file) void chooseClip(file);
}

/** The range the settings pick in the chosen clip, or why they pick fewer than two frames. */
export function chosenRange(s: Pick<ClipSession, 'clip' | 'startSeconds' | 'frames' | 'frameStep'>) {
  if (!s.clip) return null;
  try {
    return { range: clipRange(s.clip.info, s) };
  } catch (error) {
    return { error: userMessage(error) };
  }
}

/** Opens a chosen or dropped file, checking its header; a bad file keeps the previous clip and says why. */
export async function chooseClip(file: File | undefined): Promise<void> {
  if (!file || isProjectingVideo() || session().reading === 'range') return;
  const read = ++reads;
  set({ clipError: null, runError: null, reading: 'file' });
  let next: OpenedVideo | null = null;
  try {
    next = await openVideo(videoFromBlob(file));
    const frame = await readFrame(next, next.info.firstTimestamp);
    if (read !== reads) return next.input.dispose();
    opened?.input.dispose();
    opened = next;
    set({ clip: { info: next.info, frame }, crop: CENTRE_CROP, startSeconds: 0, targets: null, reading: null });
  } catch (error) {
    next?.input.dispose();
    if (read === reads) set({ clipError: userMessage(error), reading: null });
  }
}

/** Changes the range; a new start shows the frame there in the crop view. */
export function setClipRange(patch: Partial<Pick<ClipSession, 'startSeconds' | 'frames' | 'frameStep'>>): void {
  if (isProjectingVideo()) return;
  set({ ...patch, runError: null });
  if (patch.startSeconds !== undefined) void showStartFrame();
}

async function showStartFrame(): Promise<void> {
  const video = opened;
  const chosen = chosenRange(session());
  if (!video || !chosen || !('range' in chosen) || !chosen.range) return;
  const read = ++reads;
  set({ reading: 'frame' });
  try {
    const frame = await readFrame(video, chosen.range.startSeconds);
    if (read === reads && opened === video) set({ clip: { info: video.info, frame }, reading: null });
  } catch (error) {
    if (read === reads) set({ runError: userMessage(error), reading: null });
  }
}

export function setClipCrop(crop: CropControls): void {
  if (!isProjectingVideo()) set({ crop });
}

export function setClipSettings(patch: Partial<Pick<ClipSession, 'steps' | 'space'>>): void {
  set(patch);
}

/** The clip to fit: the range decoded, cropped and resized to the model's resolution, with its time step. */
export async function prepareClip(video: OpenedVideo, range: ClipRange, size: number, trainingFps: number) {
  const { info } = video;
  const s = session();
  const crop = cropFromControls(info.width, info.height, s.crop);
  const { frames, timestamps } = await readClipFrames(video, range, crop, size);
  const source = { crop, startSeconds: range.startSeconds };
  const clip: PreparedClip = {
    name: info.name,
    size,
    frames,
    tStep: clipTStep(trainingFps, info.fps, range.frameStep),
    sourceFps: info.fps,
    startSeconds: range.startSeconds,
  };
  return { clip, timestamps, source };
}

/** "Animate": decodes the range and starts the fit in the render worker. */
export async function animateClip(): Promise<void> {
  const model = useStudio.getState().model;
  const s = session();
  if (!model || !opened || isProjectingVideo() || s.reading) return;
  const chosen = chosenRange(s);
  if (!chosen || 'error' in chosen || !chosen.range) {
    set({ runError: chosen && 'error' in chosen ? (chosen.error ?? null) : null });
    return;
  }
  set({ reading: 'range', runError: null, targets: null });
  try {
    const { clip, timestamps, source } = await prepareClip(opened, chosen.range, model.resolution, model.trainingFps);
    const frames = clip.frames.map((rgb) => targetImageData({ size: clip.size, rgb }));
    set({ targets: { frames, timestamps, tStep: clip.tStep, ...source }, reading: null });
    await startVideoProjection(clip, { steps: s.steps, space: s.space });
  } catch (error) {
    set({ runError: userMessage(error), reading: null });
  }
}

/**
 * The animated clip as an export's frame source: at generator time t, the file's frame t / trainingFps seconds
 * after the fitted range's start, cropped and resized as it was fitted (black past the file's end). Null
 * before a clip was animated.
 */
export function clipFrameSource(size: number, trainingFps: number): FrameSource | null {
  const video = opened;
  const targets = session().targets;
  if (!video || !targets) return null;
  const black = new Float32Array(size * size * 3);
  return {
    width: size,
    height: size,
    render: async (times) => {
      const seconds = times.map((t) => clipSecondsAt(t, targets.startSeconds, trainingFps));
      const frames = await readFramesAt(video, seconds, targets.crop, size);
      return frames.map((rgb) => targetImageData({ size, rgb: rgb ?? black }));
    },
    dispose: () => {},
  };
}
