import { frameFileName, type ScaleFilter, saveFramePng, scaleImage } from '../../export';
import { services } from '../render/page/studio-services';
import { useStudio } from '../state/store';
import type { ExportScale } from '../state/values';
import { fileNameContent, fileNameMotion } from './file-name-content';

/** How much larger a saved frame is than the model's frame, and how it is scaled. */
export interface FrameScale {
  scale: ExportScale;
  filter: ScaleFilter;
}

/**
 * Saves the frame the person is looking at (the video, or the whole grid in grid view) at the store's t as a
 * PNG. It renders through a frame source rather than reading the canvas, so the pixels and the t in the file
 * name always agree, even while a newer frame is still being drawn. Resolves with the file name.
 */
export async function saveCurrentFrame({ scale, filter }: FrameScale): Promise<string> {
  const state = useStudio.getState();
  const kind = state.view === 'grid' ? 'grid' : 'video';
  const source = await services.createFrameSource(kind);
  try {
    const [image] = await source.render([state.t]);
    if (!image) throw new Error('the renderer returned no frame');
    const fileName = frameFileName({
      modelId: state.modelId,
      content: fileNameContent(state),
      ...fileNameMotion(state),
      t: state.t,
      kind,
      gridSize: state.gridSize,
      scale,
    });
    await saveFramePng(scaleImage(image, scale, filter), fileName);
    return fileName;
  } finally {
    source.dispose();
  }
}
