import { ConvertError, convertInWorker, prepareConvertWorker } from '../../../convert/convert-client';
import type { ModelFiles } from '../../../model';
import { errorMessage } from '../../../util';
import { useStudio } from '../../state/store';

/**
 * Converts an official .pkl in a Web Worker, streaming from the File, with progress in bytes. The model comes
 * back in memory; `store` (when the browser has a model cache) then keeps it in the cache, so the caller can
 * show it first: storing costs about as much as converting. Failures become one clear message.
 */
export async function convertCheckpointFile(
  file: File,
  signal?: AbortSignal,
): Promise<{
  key: string;
  files: ModelFiles;
  name: string;
  resolution: number;
  /**
   * Writes the model into the browser cache (once), given its shards back (the converter keeps no copy); rejects
   * with a ConvertError whose message is for people.
   */
  store?: (shards: Array<[string, ArrayBuffer]>) => Promise<void>;
  /** The model will not be stored after all: lets the conversion worker go. */
  abandon?: () => void;
}> {
  const store = useStudio.getState();
  const label = `Converting ${file.name}`;
  store.update({ modelProgress: { phase: 'busy', label, fraction: 0 } });
  try {
    const converted = await convertInWorker(file, {
      signal,
      returnShards: true,
      storeLater: true,
      name: file.name.replace(/\.pkl$/i, ''),
      onProgress: ({ bytesDone, bytesTotal }) =>
        useStudio
          .getState()
          .update({ modelProgress: { phase: 'busy', label, fraction: bytesTotal > 0 ? bytesDone / bytesTotal : 0 } }),
      onWarning: (warning) => useStudio.getState().notify(`Warning: ${warning}`),
    });
    return {
      key: converted.stored === 'memory' ? `file:${converted.id}` : `cache:${converted.id}`,
      files: converted.files,
      name: converted.model.name,
      resolution: converted.model.architecture.imgResolution,
      store: converted.store,
      abandon: converted.abandon,
    };
  } catch (error) {
    // The converter's messages are complete sentences meant to be shown as they are.
    const message =
      error instanceof ConvertError ? error.message : `Could not convert ${file.name}: ${errorMessage(error)}`;
    // The panel shows the message; the progress bar just goes away.
    useStudio.getState().update({ modelProgress: { phase: 'idle' } });
    throw new Error(message);
  } finally {
    prepareConvertWorker();
  }
}
