import type { LatentJob, WorkerMessage } from '../shared/protocol';
import type { EngineSession } from './engine-session';
import { type ProjectionControls, runProjectionJob } from './projection-job';
import { runVideoProjectionJob } from './video-projection-job';

/**
 * Runs one latent job (principal directions, picture or video projection) to its `jobDone`, posting its
 * progress on the way (pictures transferred); rejects when it fails or is canceled (the runtime says which).
 */
export async function runLatentJob(
  session: EngineSession,
  jobId: number,
  job: LatentJob,
  controls: ProjectionControls,
  post: (message: WorkerMessage, transfer?: Transferable[]) => void,
): Promise<void> {
  if (job.kind === 'project') {
    const result = await runProjectionJob(session, job, controls, (fraction, projection) => {
      const image = projection.reconstruction?.rgba;
      post({ type: 'jobProgress', jobId, fraction, projection }, image ? [image] : []);
    });
    post({ type: 'jobDone', jobId, result }, [result.ws.buffer as ArrayBuffer, result.reconstruction.rgba]);
    return;
  }
  if (job.kind === 'project-video') {
    const result = await runVideoProjectionJob(session, job, controls, (fraction, video) =>
      post({ type: 'jobProgress', jobId, fraction, video }, video.reconstructions?.frames ?? []),
    );
    post({ type: 'jobDone', jobId, result }, [
      result.ws.buffer as ArrayBuffer,
      result.motionZ.buffer as ArrayBuffer,
      ...result.reconstructions.frames,
    ]);
    return;
  }
  const abortError = () => new DOMException('canceled', 'AbortError');
  const { directions, sigmas } = await session.computeDirections(job.count, (fraction) => {
    if (controls.signal.aborted) throw abortError();
    post({ type: 'jobProgress', jobId, fraction });
  });
  if (controls.signal.aborted) throw abortError();
  post({ type: 'jobDone', jobId, result: { kind: 'directions', directions, sigmas } });
}
