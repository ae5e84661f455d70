// One render thread of `stylegan-v render --workers N`: loads the model, prepares the video, renders the
// chunks of frames the main thread hands it, and sends each back as NHWC float32.
import { parentPort, workerData } from 'node:worker_threads';
import { Generator, type VideoSpec } from '../engine';
import { useNodeBackend } from '../engine/node';
import { modelFilesFromDirectory } from '../model/node';

export interface ThreadData {
  modelDir: string;
  spec: VideoSpec;
  backend: 'wasm' | 'cpu';
}

export type ThreadRequest = { chunk: number; times: number[] } | { stop: true };
export type ThreadReply =
  | { ready: true }
  | { chunk: number; frames: Float32Array; count: number; height: number; width: number }
  | { error: string };

const port = parentPort!;
const { modelDir, spec, backend } = workerData as ThreadData;

async function start(): Promise<void> {
  await useNodeBackend(backend);
  const generator = await Generator.load(modelFilesFromDirectory(modelDir));
  const video = generator.prepareVideo(spec);
  port.on('message', async (request: ThreadRequest) => {
    if ('stop' in request) {
      video.dispose();
      generator.dispose();
      process.exit(0);
    }
    try {
      const frames = await video.render(request.times);
      const [count, height, width] = frames.shape;
      const data = (await frames.data()) as Float32Array;
      frames.dispose();
      port.postMessage({ chunk: request.chunk, frames: data, count, height, width } satisfies ThreadReply, [
        data.buffer as ArrayBuffer,
      ]);
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ThreadReply);
    }
  });
  port.postMessage({ ready: true } satisfies ThreadReply);
}

start().catch((error: unknown) =>
  port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ThreadReply),
);
