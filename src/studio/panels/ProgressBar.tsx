import type { Progress } from '../state/store';

export function ProgressBar({ progress, label }: { progress: Progress; label: string }) {
  if (progress.phase === 'idle') return null;
  if (progress.phase === 'error') {
    return (
      <p className="error" role="alert">
        {progress.message}
      </p>
    );
  }
  return (
    <div className="progress">
      <progress aria-label={label} max={1} value={progress.fraction} />
      <span>
        {progress.label} {Math.round(progress.fraction * 100)}%
      </span>
    </div>
  );
}
