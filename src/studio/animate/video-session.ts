/**
 * CONTRACT (session of 2026-12-02, to be implemented by the video-source helper; the clip helper only calls it):
 * the "Animate a video" session, as projection-session.ts is for pictures. Signatures below are fixed; bodies
 * are filled in by the video-source work.
 */
import { create } from 'zustand';
import type { LatentSpace } from '../../latent';

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

/** One step of the fit, for the live view. */
export interface VideoProjectionStatus {
  /** 'picture': the first frame's projection (the starting point); 'video': the joint fit. */
  phase: 'picture' | 'video';
  step: number;
  steps: number;
  loss: number;
  /** Mean PSNR over the frames at this step, and each frame's. */
  psnr: number;
  framePsnr: number[];
  bestPsnr: number;
  remainingMs: number;
}

export type VideoProjectionPhase =
  | { kind: 'idle' }
  | { kind: 'running'; status: VideoProjectionStatus | null; keeping: boolean }
  | { kind: 'done'; psnr: number; kept: boolean }
  | { kind: 'canceled' }
  | { kind: 'error'; message: string };

export interface VideoProjectionSession {
  phase: VideoProjectionPhase;
  /** The latest reconstruction of every clip frame (model resolution), when the worker sent one. */
  reconstructions: ImageData[] | null;
}

export const useVideoProjection = create<VideoProjectionSession>()(() => ({
  phase: { kind: 'idle' },
  reconstructions: null,
}));

export function isProjectingVideo(): boolean {
  return false;
}

/**
 * Fits the clip in the render worker (live status and reconstructions, Cancel keeps nothing, Keep ends with the
 * best so far); the result is saved in this browser and becomes the studio's video source (content ws and
 * motion rows), shown in Video.
 */
export async function startVideoProjection(_clip: PreparedClip, _settings: VideoProjectionSettings): Promise<void> {
  useVideoProjection.setState({ phase: { kind: 'error', message: 'Animate a video is not built yet' } });
}

export function cancelVideoProjection(): void {}

export function keepVideoProjection(): void {}
