/** Export progress: what the progress callback receives, and how the panel words it. */
export interface ExportProgress {
  /** Frames encoded so far. */
  done: number;
  total: number;
  /** Estimated seconds until the file is written (null until there is a rate to go by). */
  secondsLeft: number | null;
  /** Frames per second so far (rendering + encoding). */
  framesPerSecond: number | null;
}

/** Progress after `done` of `total` frames took `elapsedSeconds`. */
export function progressAfter(done: number, total: number, elapsedSeconds: number): ExportProgress {
  if (done <= 0 || elapsedSeconds <= 0) return { done, total, secondsLeft: null, framesPerSecond: null };
  const framesPerSecond = done / elapsedSeconds;
  return { done, total, secondsLeft: (total - done) / framesPerSecond, framesPerSecond };
}

/** "1:05:03", "4:07", "12 s", "< 1 s" */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** "820 B", "14.2 KB", "3.4 MB", "1.20 GB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}
