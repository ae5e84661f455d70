// One render thread of `stylegan-v render --workers N` (and `render-project`): loads the model as soon as it
// starts (while the main thread still reads the spec's files), prepares the video (or the project) once it
// arrives, then renders the chunks of frames the main thread hands it and sends each back as NHWC float32.
import { parentPort, workerData } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import type { Project } from '../authoring';
import { ProjectRenderer } from '../authoring/render';
import { Generator, type VideoSpec } from '../engine';
import { useNodeBackend } from '../engine/node';
import { modelFilesFromDirectory } from '../model/node';

export interface ThreadData {
  modelDir: string;
  backend: 'wasm' | 'cpu';
}

/** What the threads render: one video at given times, or a project's frames by index. */
export type RenderJob = { spec: VideoSpec } | { project: Project };
/** `items`: frame times for a video, frame indices for a project. */
export type ThreadRequest = RenderJob | { chunk: number; items: number[] };
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
let renderItems: ((items: number[]) => Promise<tf.Tensor4D>) | null = null;

async function prepare(job: RenderJob): Promise<ThreadReply> {
  const generator = await loading;
  if ('spec' in job) {
    const video = generator.prepareVideo(job.spec);
    renderItems = (times) => video.render(times);
  } else {
    const project = await ProjectRenderer.open(generator, job.project);
    renderItems = async (indices) => {
      if (indices.length !== 1) throw new Error('a project thread renders one frame a request');
      return project.render(indices[0]!);
    };
  }
  return { ready: true, warnings: generator.warnings };
}

async function render(chunk: number, items: number[]): Promise<void> {
  const frames = await renderItems!(items);
  const [count, height, width] = frames.shape;
  const data = (await frames.data()) as Float32Array;
  frames.dispose();
  port.postMessage({ chunk, frames: data, count, height, width } satisfies ThreadReply, [data.buffer as ArrayBuffer]);
}

port.on('message', async (request: ThreadRequest) => {
  try {
    if ('chunk' in request) await render(request.chunk, request.items);
    else port.postMessage(await prepare(request));
  } catch (error) {
    port.postMessage({ error: message(error) } satisfies ThreadReply);
  }
});
