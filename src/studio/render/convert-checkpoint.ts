import { BlobByteSource, convertSnapshot, MemorySink } from '../../convert/index';
import type { ModelFiles } from '../../engine/weights';
import { useStudio } from '../state/store';

/** Converts an official .pkl chosen in the page, streaming from the File, with progress in bytes. */
export async function convertCheckpointFile(file: File): Promise<{ key: string; files: ModelFiles; name: string }> {
  const update = useStudio.getState().update;
  const label = `Converting ${file.name}`;
  update({ modelProgress: { phase: 'busy', label, fraction: 0 } });
  try {
    const sink = new MemorySink();
    const result = await convertSnapshot(new BlobByteSource(file, file.name), sink, {
      name: file.name.replace(/\.pkl$/i, ''),
      onProgress: ({ bytesDone, bytesTotal }) => update({ modelProgress: { phase: 'busy', label, fraction: bytesTotal > 0 ? bytesDone / bytesTotal : 0 } }),
    });
    const files: ModelFiles = {
      readJson: async () => result.model,
      readShard: async (path) => {
        const bytes = sink.shards.get(path);
        if (!bytes) throw new Error(`converted model has no shard ${path}`);
        return bytes.slice().buffer;
      },
    };
    return { key: `pkl:${file.name}:${file.size}`, files, name: result.model.name };
  } catch (error) {
    update({ modelProgress: { phase: 'error', message: `Could not convert ${file.name}: ${error instanceof Error ? error.message : String(error)}` } });
    throw error;
  }
}
