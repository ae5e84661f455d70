import { formatBytes, formatDuration } from '../../export';
import type { ExportPhase } from './use-clip-export';

/** The running export's progress bar and Cancel, or how the last export ended. */
export function ExportStatus({ phase, onCancel }: { phase: ExportPhase; onCancel: () => void }) {
  switch (phase.kind) {
    case 'idle':
      return null;
    case 'running': {
      const { done, total, secondsLeft, framesPerSecond } = phase.progress;
      return (
        <div className="export-running" role="status">
          <div className="export-file">
            <strong>{phase.fileName}</strong>
            <span>{phase.codec}</span>
          </div>
          <progress aria-label="Export progress" max={total} value={done} />
          <div className="export-numbers">
            <span data-testid="export-frames">
              {done} / {total} frames
            </span>
            <span>{secondsLeft === null ? 'estimating…' : `${formatDuration(secondsLeft)} left`}</span>
            {framesPerSecond !== null && <span>{framesPerSecond.toFixed(1)} fps</span>}
          </div>
          <button type="button" className="danger" onClick={onCancel}>
            Cancel
          </button>
        </div>
      );
    }
    case 'done': {
      const { result } = phase;
      return (
        <p className="export-done" role="status">
          {phase.destination === 'file' ? 'Saved' : 'Downloaded'} <strong>{phase.fileName}</strong>: {result.frames}{' '}
          frames, {formatBytes(result.bytes)}, {phase.codec}, in {formatDuration(result.seconds)} (
          {result.framesPerSecond.toFixed(1)} fps).
        </p>
      );
    }
    case 'canceled':
      return (
        <p className="hint" role="status">
          Export canceled; nothing was saved.
        </p>
      );
    case 'error':
      return (
        <p className="error" role="alert">
          {phase.message}
        </p>
      );
  }
}
