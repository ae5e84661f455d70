import type { FrameSource } from '../../../export';
import { useStudio } from '../../state/store';
import { cellVideo, mainVideo, type VideoDescription } from '../shared/video-keys';
import type { RenderClient } from './render-client';

/**
 * Frames of what the person sees, for export: the current (edited) video, or the content x motion grid
 * composited into one image. Always full frames, rendered in the worker apart from the on-screen ones.
 */
export async function createFrameSource(client: RenderClient, kind: 'video' | 'grid'): Promise<FrameSource> {
  const state = useStudio.getState();
  if (!state.model) throw new Error('no model is loaded');
  const n = kind === 'grid' ? state.gridSize : 1;
  const videos: VideoDescription[] = [];
  if (kind === 'video') videos.push(mainVideo(state));
  else for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) videos.push(cellVideo(state, row, col));
  const { exportId, width, height } = await client.openExport(videos, n);
  return {
    width,
    height,
    render: (times) => client.renderExport(exportId, [...times]),
    dispose: () => client.closeExport(exportId),
  };
}
