import type { FrameSource } from '../../../export';
import { useStudio } from '../../state/store';
import { cellTimeMap, cellVideo, mainVideo, projectOf, type VideoDescription } from '../shared/video-keys';
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
 * What an export's positions become in the worker: clip times τ for the project's frames (the video with
 * tracks), generator times on the Time track for the grid (it follows that track only: see cellTimeMap),
 * else the positions as they are.
 */
export function exportTimes(
  state: Parameters<typeof projectOf>[0],
  kind: 'video' | 'grid',
  fps?: number,
): (positions: readonly number[]) => number[] {
  const trainingFps = state.model?.trainingFps ?? 25;
  const tau = (position: number) => clipTimeOf(position, trainingFps, fps);
  if (kind === 'video' && projectOf(state)) return (positions) => positions.map(tau);
  const cellT = kind === 'grid' ? cellTimeMap(state) : null;
  return cellT ? (positions) => positions.map((p) => cellT(tau(p))) : (positions) => [...positions];
}

/**
 * Frames of what the person sees, for export: the current (edited) video, or the content x motion grid
 * composited into one image. Always full frames, rendered in the worker apart from the on-screen ones.
 * With keyframe tracks the video is the project's frames: times (positions) are read as clip times, on the
 * grid of an export at `fps` as i / fps. The content x motion grid follows the Time track only (cellTimeMap).
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
  const mapped = exportTimes(state, kind, fps);
  return {
    width,
    height,
    render: (times) => client.renderExport(exportId, mapped(times)),
    dispose: () => client.closeExport(exportId),
  };
}

/**
 * Frames of one video as it is described (no keyframe tracks, times as generator times t), for export: e.g.
 * a fitted video source without the edits and mixing the current video has.
 */
export async function createVideoFrameSource(client: RenderClient, video: VideoDescription): Promise<FrameSource> {
  const { exportId, width, height } = await client.openExport([video], 1);
  return {
    width,
    height,
    render: (times) => client.renderExport(exportId, [...times]),
    dispose: () => client.closeExport(exportId),
  };
}
