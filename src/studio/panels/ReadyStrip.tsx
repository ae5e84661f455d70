import { useStudio } from '../state/store';

const COLORS: Record<string, string> = { '1': 'var(--ready)', '0': 'var(--not-ready)', '-': 'transparent' };

/** Runs of equal columns as gradient stops: ready bright, not ready dim, outside the loop empty. */
function gradient(columns: string): string {
  if (columns === '') return 'none';
  const stops: string[] = [];
  const width = 100 / columns.length;
  for (let i = 0; i < columns.length; ) {
    let j = i;
    while (j < columns.length && columns[j] === columns[i]) j++;
    const color = COLORS[columns[i]!] ?? 'transparent';
    stops.push(`${color} ${(i * width).toFixed(2)}%`, `${color} ${(j * width).toFixed(2)}%`);
    i = j;
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/**
 * Under the Time slider, over the timeline's view: a column is ready (green) only when every frame that
 * playback shows within it is in the frame cache (live-renderer computes the columns with readyColumns).
 */
export function ReadyStrip() {
  const columns = useStudio((s) => s.readyBins);
  const ready = [...columns].filter((c) => c === '1').length;
  const inLoop = [...columns].filter((c) => c !== '-').length;
  return (
    <div
      className="ready-strip"
      data-testid="ready-strip"
      data-ready-bins={ready}
      data-loop-bins={inLoop}
      title="Frames ready in the cache"
      aria-hidden="true"
      style={{ backgroundImage: gradient(columns) }}
    />
  );
}
