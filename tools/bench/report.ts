import type { EngineFigures } from '../../src/engine';

export interface BenchRow extends Partial<EngineFigures> {
  backend: string;
  model: string;
  /** Model load (from disk or the browser cache) in ms. */
  loadMs?: number;
  /** Peak memory: Node RSS, or the browser's JS heap plus tfjs's tensor bytes. */
  peakMemoryMB?: number;
  /** From a "Time" change in the studio to new pixels on the canvas. */
  scrubLatencyMs?: number;
  /** Why a row has no figures (e.g. backend not available). */
  note?: string;
}

const fmt = (value: number | undefined, digits = 2) =>
  value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);

export function formatTable(rows: BenchRow[]): string {
  const header = [
    'backend',
    'model',
    'fps b1',
    'best batch',
    'fps best',
    'fps naive b1',
    'precompute x',
    'prepare ms',
    'load ms',
    'scrub ms',
    'peak MB',
    'note',
  ];
  const lines = rows.map((r) => [
    r.backend,
    r.model,
    fmt(r.fpsBatch1),
    r.bestBatch === undefined ? '-' : String(r.bestBatch),
    fmt(r.fpsBestBatch),
    fmt(r.fpsNaiveBatch1),
    fmt(r.precomputeSpeedup),
    fmt(r.prepareMs, 0),
    fmt(r.loadMs, 0),
    fmt(r.scrubLatencyMs, 0),
    fmt(r.peakMemoryMB, 0),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [row(header), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n');
}

/** One line per finished measurement, printed while the benchmark runs. */
export function rowSummary(r: BenchRow): string {
  if (r.fpsBatch1 === undefined && r.scrubLatencyMs === undefined)
    return `  ${r.backend} ${r.model}: ${r.note ?? 'no figures'}`;
  const parts = [
    r.fpsBatch1 !== undefined ? `${fmt(r.fpsBatch1)} frames/s at batch 1` : '',
    r.fpsBestBatch !== undefined && r.bestBatch !== undefined ? `${fmt(r.fpsBestBatch)} at batch ${r.bestBatch}` : '',
    Number.isFinite(r.precomputeSpeedup) ? `precompute ${fmt(r.precomputeSpeedup)}x` : '',
    r.scrubLatencyMs !== undefined ? `scrub ${fmt(r.scrubLatencyMs, 0)} ms` : '',
  ].filter(Boolean);
  return `  ${r.backend} ${r.model}: ${parts.join(', ')}${r.note ? ` (${r.note})` : ''}`;
}
