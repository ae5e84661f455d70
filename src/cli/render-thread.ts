// One render thread of `stylegan-v render --workers N`: loads the model as soon as it starts (while the main
// thread still reads the spec's files), prepares the video once the spec arrives, then renders the chunks of
// frames the main thread hands it and sends each back as NHWC float32.
import { parentPort, workerData } from 'node:worker_threads';
import { Generator, type Video, type VideoSpec } from '../engine';
import { useNodeBackend } from '../engine/node';
import { modelFilesFromDirectory } from '../model/node';

export interface ThreadData {
  modelDir: string;
  backend: 'wasm' | 'cpu';
}

export type ThreadRequest = { spec: VideoSpec } | { chunk: number; times: number[] };
export type ThreadReply =
  | { ready: true; warnings: string[] }
  | { chunk: number; frames: Float32Array; count: number; height: number; width: number }
  | { error: string };

const port = parentPort!;
const { modelDir, backend } = workerData as ThreadData;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Nothing may escape this thread unreported: tfjs-wasm's Emscripten glue turns an unhandled rejection into a
// fatal throw whose report is the glue's minified source. These run first, send the one message, and end
// the thread (the pool reports the first failure).
for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.prependListener(event, (error: unknown) => {
    port.postMessage({ error: message(error) } satisfies ThreadReply);
    process.exit(1);
  });
}

const loading = (async () => {
  await useNodeBackend(backend);
  return Generator.load(modelFilesFromDirectory(modelDir));
})();
// A failed load is reported when the spec arrives (or never, if the main thread gave up first).
loading.catch(() => undefined);

// Lives until the main thread ends this thread (worker.terminate()), which frees its WASM memory at once.
let video: Video | null = null;

async function prepare(spec: VideoSpec): Promise<ThreadReply> {
  const generator = await loading;
  video = generator.prepareVideo(spec);
  return { ready: true, warnings: generator.warnings };
}

async function render(chunk: number, times: number[]): Promise<void> {
  const frames = await video!.render(times);
  const [count, height, width] = frames.shape;
  const data = (await frames.data()) as Float32Array;
  frames.dispose();
  port.postMessage({ chunk, frames: data, count, height, width } satisfies ThreadReply, [data.buffer as ArrayBuffer]);
}

port.on('message', async (request: ThreadRequest) => {
  try {
    if ('spec' in request) port.postMessage(await prepare(request.spec));
    else await render(request.chunk, request.times);
  } catch (error) {
    port.postMessage({ error: message(error) } satisfies ThreadReply);
  }
});
