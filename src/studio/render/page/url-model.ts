/**
 * "Load from URL": an official .pkl converted while it downloads (its body streamed into the conversion
 * worker), or a converted model folder (a model.json URL, shards resolved against it), both stored in the
 * browser's model cache like a picked file. Progress in bytes and time left; an aborted load leaves nothing.
 */
import { ConvertError, convertInWorker, prepareConvertWorker } from '../../../convert/convert-client';
import {
  checkModelJson,
  deleteCachedModel,
  deriveModelId,
  MODEL_FOLDER_LIMITS,
  type ModelFiles,
  modelFilesFromMemory,
  parseModelJson,
  saveModel,
} from '../../../model';
import { errorMessage } from '../../../util';
import { downloadLabel, fileNameOfUrl, formatBytes, isModelJsonUrl } from './download-messages';
import { DownloadError, downloadBytes, startDownload } from './model-download';

export interface UrlModel {
  /** The cache id it is stored under. */
  id: string;
  files: ModelFiles;
  /** The file (or folder) name it came as. */
  fileName: string;
  resolution: number;
}

export type ProgressReport = (label: string, fraction: number) => void;

/** Downloads, converts when needed, and stores the model of `url`. */
export function modelFromUrl(url: string, signal: AbortSignal, progress: ProgressReport): Promise<UrlModel> {
  return isModelJsonUrl(url) ? folderFromUrl(url, signal, progress) : pickleFromUrl(url, signal, progress);
}

const cancelled = () => new DOMException('the download was cancelled', 'AbortError');

async function pickleFromUrl(url: string, signal: AbortSignal, progress: ProgressReport): Promise<UrlModel> {
  const download = await startDownload(url, signal);
  const fileName = fileNameOfUrl(download.url);
  const started = performance.now();
  const report = () => {
    const received = download.received();
    const elapsed = (performance.now() - started) / 1000;
    progress(downloadLabel(fileName, received, download.size, elapsed), download.size ? received / download.size : 0);
  };
  report();
  const timer = setInterval(report, 250);
  try {
    const converted = await convertInWorker(
      { stream: download.body, size: download.size, name: fileName },
      { signal, returnShards: true, name: fileName.replace(/\.(pkl|pickle)$/i, '') },
    );
    if (signal.aborted) {
      await deleteCachedModel(converted.id).catch(() => undefined);
      throw cancelled();
    }
    return {
      id: converted.id,
      files: converted.files,
      fileName,
      resolution: converted.model.architecture.imgResolution,
    };
  } catch (error) {
    if (signal.aborted) throw cancelled();
    // The download's own account (cut short at so many bytes) says more than the converter's.
    const failure = download.failure();
    if (failure) throw failure;
    if (error instanceof ConvertError) throw new DownloadError(error.message);
    throw new DownloadError(`could not convert ${fileName}: ${errorMessage(error)}`);
  } finally {
    clearInterval(timer);
    prepareConvertWorker();
  }
}

async function folderFromUrl(url: string, signal: AbortSignal, progress: ProgressReport): Promise<UrlModel> {
  const jsonFile = await downloadBytes(url, signal);
  if (jsonFile.bytes.byteLength > MODEL_FOLDER_LIMITS.jsonBytes)
    throw new DownloadError(
      `${fileNameOfUrl(url)} is far larger than a model description: link a model folder's model.json`,
    );
  let model: ReturnType<typeof checkModelJson>;
  try {
    model = checkModelJson(parseModelJson(new TextDecoder().decode(jsonFile.bytes)));
  } catch (error) {
    throw new DownloadError(
      `${fileNameOfUrl(url)} is not a converted model folder's model.json: ${errorMessage(error)}`,
    );
  }
  const parts = new URL(jsonFile.url).pathname.split('/').filter(Boolean);
  const folder = decodeURIComponent(parts.at(-2) ?? 'model');
  const paths = model.weightsManifest.flatMap((group) => group.paths);
  const shards: Array<[string, ArrayBuffer]> = [];
  let bytes = 0;
  for (const [i, path] of paths.entries()) {
    progress(`Downloading ${folder}: shard ${i + 1} of ${paths.length} (${formatBytes(bytes)})`, i / paths.length);
    const shard = await downloadBytes(new URL(path, jsonFile.url).href, signal);
    shards.push([path, shard.bytes]);
    bytes += shard.bytes.byteLength;
  }
  const json = new Uint8Array(jsonFile.bytes);
  const id = await deriveModelId({
    size: json.length + bytes,
    name: folder,
    read: async (o, n) => json.subarray(o, o + n),
  });
  if (signal.aborted) throw cancelled();
  await saveModel(
    id,
    model,
    shards.map(([path, b]): [string, Uint8Array] => [path, new Uint8Array(b)]),
  );
  if (signal.aborted) {
    await deleteCachedModel(id).catch(() => undefined);
    throw cancelled();
  }
  return {
    id,
    files: modelFilesFromMemory(model, shards),
    fileName: folder,
    resolution: model.architecture.imgResolution,
  };
}
