import { useStudio } from '../state/store';

/** Runs of equal characters in the readiness bins, as gradient stops: ready parts bright, the rest dark. */
function gradient(bins: string): string {
  if (!bins.includes('1')) return 'none';
  const stops: string[] = [];
  const width = 100 / bins.length;
  for (let i = 0; i < bins.length; ) {
    let j = i;
    while (j < bins.length && bins[j] === bins[i]) j++;
    const color = bins[i] === '1' ? 'var(--ready)' : 'transparent';
    stops.push(`${color} ${(i * width).toFixed(2)}%`, `${color} ${(j * width).toFixed(2)}%`);
    i = j;
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Under the Time slider: which parts of the clip have frames ready in the cache, as video editors show. */
export function ReadyStrip() {
  const bins = useStudio((s) => s.readyBins);
  const ready = [...bins].filter((b) => b === '1').length;
  return (
    <div
      className="ready-strip"
      data-testid="ready-strip"
      data-ready-bins={ready}
      title="Frames ready in the cache"
      aria-hidden="true"
      style={{ backgroundImage: gradient(bins) }}
    />
  );
}
