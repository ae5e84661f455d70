import type { FrameSource } from '../../../export';
import { useStudio } from '../../state/store';
import { cellVideo, mainVideo, projectOf, type VideoDescription } from '../shared/video-keys';
import type { RenderClient } from './render-client';

/**
 * Clip time τ of a position (training frames) for a clip at `fps`: a position on the clip's frame grid
 * gives exactly i / fps (the τ of frame i the rules and `render-project` use), any other position t / fps.
 */
export function clipTimeOf(position: number, trainingFps: number, fps?: number): number {
  const tau = position / trainingFps;
  if (fps === undefined) return tau;
  const i = Math.round(tau * fps);
  return Math.abs(tau * fps - i) < 1e-6 ? i / fps : tau;
}

/**
 * Frames of what the person sees, for export: the current (edited) video, or the content x motion grid
 * composited into one image. Always full frames, rendered in the worker apart from the on-screen ones.
 * With keyframe tracks the video is the project's frames: times (positions) are read as clip times, on the
 * grid of an export at `fps` as i / fps.
 */
export async function createFrameSource(
  client: RenderClient,
  kind: 'video' | 'grid',
  fps?: number,
): Promise<FrameSource> {
  const state = useStudio.getState();
  if (!state.model) throw new Error('no model is loaded');
  const n = kind === 'grid' ? state.gridSize : 1;
  const videos: VideoDescription[] = [];
  if (kind === 'video') videos.push(mainVideo(state));
  else for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) videos.push(cellVideo(state, row, col));
  const project = kind === 'video' ? projectOf(state) : null;
  const { exportId, width, height } = await client.openExport(videos, n, project ?? undefined);
  const trainingFps = state.model.trainingFps;
  return {
    width,
    height,
    render: (times) =>
      client.renderExport(exportId, project ? times.map((t) => clipTimeOf(t, trainingFps, fps)) : [...times]),
    dispose: () => client.closeExport(exportId),
  };
}
