import { motionCodes } from '../../../engine';
import { clipMotionRows, DEFAULT_VIDEO_PICTURE_STEPS, projectVideo, type VideoProjectionBest } from '../../../latent';
import type { ClipImages, ProjectVideoJob, VideoFitStatus, VideoProjectionJobResult } from '../shared/protocol';
import type { EngineSession, RenderedImage } from './engine-session';
import { clipFrames } from './fit-frames';
import { keptOrThrow, type ProjectionControls } from './projection-job';

/** Share of the progress bar the first frame's picture projection takes (the joint fit takes the rest). */
const PICTURE_SHARE = 0.2;

/** What a stop now keeps: the joint fit's best step, or during the picture phase its best ws with the seed's rows. */
type Kept = { ws: Float32Array; motionZ: Float32Array; step: number };

/**
 * Runs a video projection job in the render worker ("Animate a video"): reports every step of both phases
 * and, at most every `reconstructionEveryMs`, the best step so far played at every clip time (through the
 * ordinary render path, so what the page shows is what the video will be). Resolves with the fitted ws and
 * motion rows and their frames' PSNR, or with the best so far when Keep stopped it (during the first frame's
 * projection: its ws with the starting motion). Cancel rejects; nothing stays behind either way.
 */
export async function runVideoProjectionJob(
  session: EngineSession,
  job: ProjectVideoJob,
  controls: ProjectionControls,
  report: (fraction: number, status: VideoFitStatus) => void,
): Promise<VideoProjectionJobResult> {
  const every = job.reconstructionEveryMs ?? 500;
  const { arch } = session.generator;
  const rows = clipMotionRows(job.times, arch.motion);
  const startZ = () => motionCodes(job.motionSeed, 0, rows, arch.motion.zDim);
  const pictureSteps = job.pictureSteps ?? Math.min(job.steps, DEFAULT_VIDEO_PICTURE_STEPS);
  let kept: (() => Kept) | null = null;
  let nextImageAt = -Infinity;
  try {
    const result = await projectVideo(
      session.generator,
      { size: job.size, frames: job.frames, times: job.times },
      {
        steps: job.steps,
        pictureSteps,
        space: job.space,
        motionSeed: job.motionSeed,
        classIndex: job.classIndex ?? undefined,
        wSamples: job.wSamples,
        signal: controls.signal,
        onProgress: async (p) => {
          if (p.phase === 'picture' && p.picture) {
            const best = p.picture.best;
            kept = () => ({ ws: best().ws, motionZ: startZ(), step: 0 });
          } else if (p.best) {
            const best: VideoProjectionBest = p.best;
            kept = () => best;
          }
          let reconstructions: ClipImages | undefined;
          const last = p.phase === 'video' && p.step === p.steps;
          if (kept && !last && !controls.signal.aborted && performance.now() >= nextImageAt) {
            const started = performance.now();
            const { ws, motionZ } = kept();
            const { images } = await clipFrames(
              session.generator,
              ws,
              motionZ,
              job.motionSeed,
              job.classIndex,
              job.times,
            );
            reconstructions = clipImages(images);
            // At most every `every` ms, and never more than half the time on pictures (a slow model's steps).
            const spent = performance.now() - started;
            nextImageAt = performance.now() + Math.max(every, spent);
          }
          const { phase, step, steps, loss, psnr, framePsnr, bestPsnr, remainingMs } = p;
          const fraction =
            phase === 'picture' ? PICTURE_SHARE * (step / steps) : PICTURE_SHARE + (1 - PICTURE_SHARE) * (step / steps);
          report(fraction, { phase, step, steps, loss, psnr, framePsnr, bestPsnr, remainingMs, reconstructions });
        },
      },
    );
    return await finish(session, job, { ws: result.ws, motionZ: result.motionZ, step: result.step }, result.framePsnr);
  } catch (error) {
    return await keptOrThrow(error, controls, kept as (() => Kept) | null, (k) => finish(session, job, k));
  }
}

function clipImages(images: readonly RenderedImage[]): ClipImages {
  return {
    width: images[0]?.width ?? 0,
    height: images[0]?.height ?? 0,
    frames: images.map((image) => image.rgba.buffer as ArrayBuffer),
  };
}

/**
 * The result with its frames at the clip's times through the ordinary path and their PSNR (the fit's own,
 * when it finished: the same path).
 */
async function finish(
  session: EngineSession,
  job: ProjectVideoJob,
  kept: Kept,
  fitPsnr?: number[],
): Promise<VideoProjectionJobResult> {
  const { images, framePsnr } = await clipFrames(
    session.generator,
    kept.ws,
    kept.motionZ,
    job.motionSeed,
    job.classIndex,
    job.times,
    fitPsnr ? undefined : job.frames,
  );
  const psnr = fitPsnr ?? framePsnr;
  const zDim = session.generator.arch.motion.zDim;
  return {
    kind: 'project-video',
    ws: kept.ws,
    space: job.space,
    motionZ: kept.motionZ,
    fittedRows: kept.motionZ.length / zDim,
    motionSeed: job.motionSeed,
    times: [...job.times],
    framePsnr: psnr,
    psnr: psnr.reduce((a, b) => a + b, 0) / psnr.length,
    step: kept.step,
    steps: job.steps,
    reconstructions: clipImages(images),
  };
}
