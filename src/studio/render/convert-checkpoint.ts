import { convertInWorker } from '../../convert/convert-client';
import type { ModelFiles } from '../../engine/weights';
import { useStudio } from '../state/store';

/** Converts an official .pkl in a Web Worker (streaming from the File), with progress in bytes. */
export async function convertCheckpointFile(file: File): Promise<{ key: string; files: ModelFiles; name: string }> {
  const update = useStudio.getState().update;
  const label = `Converting ${file.name}`;
  update({ modelProgress: { phase: 'busy', label, fraction: 0 } });
  try {
    const { model, files } = await convertInWorker(file, {
      onProgress: ({ bytesDone, bytesTotal }) => update({ modelProgress: { phase: 'busy', label, fraction: bytesTotal > 0 ? bytesDone / bytesTotal : 0 } }),
    });
    return { key: `pkl:${file.name}:${file.size}`, files, name: model.name === 'network-snapshot' ? file.name : model.name };
  } catch (error) {
    update({ modelProgress: { phase: 'error', message: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}
