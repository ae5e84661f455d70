import type { Generator, Video } from './generator';

/** Engine speed figures shared by the Node and in-browser benchmarks. */
export interface EngineFigures {
  /** Frames per second rendering one frame at a time. */
  fpsBatch1: number;
  bestBatch: number;
  fpsBestBatch: number;
  /** Per-frame styles/demodulation (the official order) at batch 1, for the precomputation speed-up. */
  fpsNaiveBatch1: number;
  precomputeSpeedup: number;
  /** Time to prepare one video (mapping, styles, modulated kernels). */
  prepareMs: number;
  /** Set when frames were too slow to measure more than batch 1. */
  slow?: boolean;
}

export interface BenchBudget {
  /** Stop measuring a configuration after this much time (at least one render is always measured). */
  secondsPerMeasure: number;
  batches: number[];
}

/** When one frame takes longer than this, only batch 1 is measured (software GPU adapters). */
const SLOW_FRAME_SECONDS = 10;

async function timeRenders(
  video: Video,
  batch: number,
  budgetSeconds: number,
  naive: boolean,
  startT: number,
): Promise<number> {
  const render = async (t: number) => {
    const frames = await video.render(
      Array.from({ length: batch }, (_, i) => t + i * 0.5),
      { naive },
    );
    await frames.data();
    frames.dispose();
  };
  const warmupStarted = performance.now();
  await render(startT); // warm-up: kernels compiled, caches filled
  lastWarmupSeconds = (performance.now() - warmupStarted) / 1000;
  let frames = 0;
  const started = performance.now();
  let t = startT + 1;
  do {
    await render(t);
    frames += batch;
    t += batch;
  } while ((performance.now() - started) / 1000 < budgetSeconds);
  return frames / ((performance.now() - started) / 1000);
}

let lastWarmupSeconds = 0;

export async function measureEngine(generator: Generator, budget: BenchBudget): Promise<EngineFigures> {
  const started = performance.now();
  const video = generator.prepareVideo({
    content: { seed: 1 },
    motion: { seed: 2 },
    psi: 0.8,
    ...(generator.arch.cDim > 0 ? { classIndex: 0 } : {}),
  });
  await video.ws.data();
  const prepareMs = performance.now() - started;
  try {
    const fpsBatch1 = await timeRenders(video, 1, budget.secondsPerMeasure, false, 10);
    if (lastWarmupSeconds > SLOW_FRAME_SECONDS) {
      return {
        fpsBatch1,
        bestBatch: 1,
        fpsBestBatch: fpsBatch1,
        fpsNaiveBatch1: NaN,
        precomputeSpeedup: NaN,
        prepareMs,
        slow: true,
      };
    }
    const fpsNaiveBatch1 = await timeRenders(video, 1, budget.secondsPerMeasure, true, 10);
    let bestBatch = 1;
    let fpsBestBatch = fpsBatch1;
    for (const batch of budget.batches.filter((b) => b > 1)) {
      const fps = await timeRenders(video, batch, budget.secondsPerMeasure, false, 10);
      if (fps > fpsBestBatch) {
        bestBatch = batch;
        fpsBestBatch = fps;
      }
    }
    return {
      fpsBatch1,
      bestBatch,
      fpsBestBatch,
      fpsNaiveBatch1,
      precomputeSpeedup: fpsBatch1 / fpsNaiveBatch1,
      prepareMs,
    };
  } finally {
    video.dispose();
  }
}
