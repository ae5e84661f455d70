import { formatTimeLeft } from './ProjectionView';
import { KeepCancel, PlayInVideo } from './StageParts';
import { cancelVideoProjection, keepVideoProjection, type VideoProjectionPhase } from './video-session';

/** Per-frame PSNR as one line: "1: 24.1 · 2: 23.8 · …" (dB). */
export function framePsnrText(framePsnr: readonly number[]): string {
  return framePsnr.map((psnr, i) => `${i + 1}: ${psnr.toFixed(1)}`).join(' · ');
}

/**
 * What the video fit is doing, from the video projection session's phase as it is: progress, PSNR (mean and
 * per frame), time left, Keep and Cancel while it runs; its end, a cancel or an error after.
 */
export function VideoFitView({ phase, name }: { phase: VideoProjectionPhase; name: string }) {
  if (phase.kind === 'running') {
    const status = phase.status;
    return (
      <div className="animate-running">
        <progress aria-label="Video fit progress" max={1} value={status ? status.step / status.steps : 0} />
        <p data-testid="video-fit-status" aria-live="polite">
          {status
            ? `${status.phase === 'picture' ? 'First frame' : 'Whole clip'}: step ${status.step} / ${status.steps} · loss ${status.loss.toFixed(4)} · PSNR ${status.psnr.toFixed(1)} dB (best ${status.bestPsnr.toFixed(1)}) · ${formatTimeLeft(status.remainingMs)} left`
            : 'Preparing the fit…'}
        </p>
        {status && status.framePsnr.length > 0 && (
          <p className="hint" data-testid="frame-psnr">
            PSNR per frame (dB): {framePsnrText(status.framePsnr)}
          </p>
        )}
        <KeepCancel
          canKeep={!!status && !phase.keeping}
          onKeep={keepVideoProjection}
          onCancel={cancelVideoProjection}
        />
      </div>
    );
  }
  if (phase.kind === 'done') {
    return (
      <div className="done">
        <p data-testid="video-fit-done">
          {phase.kept ? 'Kept' : 'Fitted'} {name}: mean PSNR {phase.psnr.toFixed(1)} dB; it is now the video's content
          and motion.
        </p>
        <PlayInVideo />
      </div>
    );
  }
  if (phase.kind === 'canceled') return <p className="hint">The fit was canceled: nothing was kept.</p>;
  if (phase.kind === 'error')
    return (
      <p role="alert" className="error" data-testid="video-fit-error">
        {phase.message}
      </p>
    );
  return null;
}
