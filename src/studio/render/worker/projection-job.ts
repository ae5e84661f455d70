import type { ProjectionResult } from '../../../latent';
import type { ProjectionJobResult, ProjectionStatus, ProjectJob } from '../shared/protocol';
import type { EngineSession } from './engine-session';
import { startFrameOfWs } from './fit-frames';

export interface ProjectionControls {
  /** Cancels the run: nothing is kept. */
  signal: AbortSignal;
  /** Whether "Keep" asked to end the run with its best result so far (checked once the run has stopped). */
  keepRequested: () => boolean;
}

/**
 * How a run that threw ends: with Keep asked, the best step so far (`best`, null before the first) finished
 * as the result, or a clear error when there is none; otherwise the error itself.
 */
export async function keptOrThrow<K, R>(
  error: unknown,
  controls: ProjectionControls,
  best: (() => K) | null,
  finish: (kept: K) => Promise<R>,
): Promise<R> {
  if (!controls.keepRequested()) throw error;
  if (!best) throw new Error('no projection step has finished yet: nothing to keep');
  return await finish(best());
}

/**
 * Runs a projection job in the render worker, reporting every step (with a reconstruction now and then) and
 * resolving with the final ws, or with the best so far when Keep stopped it, each with its frame at t = 0. Cancel rejects; the projection
 * itself leaves no tensors behind either way.
 */
export async function runProjectionJob(
  session: EngineSession,
  job: ProjectJob,
  controls: ProjectionControls,
  report: (fraction: number, status: ProjectionStatus) => void,
): Promise<ProjectionJobResult> {
  const every = job.reconstructionEveryMs ?? 500;
  let lastImageAt = -Infinity;
  let best: (() => ProjectionResult) | null = null;
  try {
    const result = await session.project(job.target, {
      steps: job.steps,
      space: job.space,
      motion: job.searchMotionSeeds?.length ? { searchSeeds: job.searchMotionSeeds } : { seed: job.motionSeed },
      classIndex: job.classIndex ?? undefined,
      wSamples: job.wSamples,
      signal: controls.signal,
      wantsReconstruction: (step) => step === 1 || step === job.steps || performance.now() - lastImageAt >= every,
      onProgress: (p) => {
        best = p.best;
        let reconstruction: ProjectionStatus['reconstruction'];
        if (p.reconstruction) {
          lastImageAt = performance.now();
          const { width, height, rgba } = p.reconstruction;
          reconstruction = { width, height, rgba: rgba.buffer as ArrayBuffer };
        }
        const { step, steps, loss, psnr, bestPsnr, remainingMs } = p;
        report(step / steps, { step, steps, loss, psnr, bestPsnr, remainingMs, reconstruction });
      },
    });
    return await finish(session, job, result);
  } catch (error) {
    return await keptOrThrow(error, controls, best as (() => ProjectionResult) | null, (r) => finish(session, job, r));
  }
}

/** The result with its frame at t = 0 and that frame's PSNR (a kept step's own PSNR includes its noise on w). */
async function finish(session: EngineSession, job: ProjectJob, r: ProjectionResult): Promise<ProjectionJobResult> {
  const { image, psnr } = await startFrameOfWs(session.generator, r.ws, r.motionSeed, job.classIndex, job.target);
  return {
    kind: 'project',
    ws: r.ws,
    psnr,
    step: r.step,
    steps: r.steps,
    space: r.space,
    motionSeed: r.motionSeed,
    reconstruction: { width: image.width, height: image.height, rgba: image.rgba.buffer as ArrayBuffer },
  };
}
