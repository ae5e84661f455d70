/**
 * The CLI pool's speed-up (issue 10): wall-clock of the whole `bin/stylegan-v render` command (process start
 * to exit), 16 frames of sky256, with one worker and with the default pool (one per core), alternated
 * `runs` times; medians. The machine's other load shows in every run: run it alone
 * (`flock /work/bench.lock npm run bench -- --cli-only` on the shared machine).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveFigure } from './live';

const FRAMES = 16;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export function benchCliPool(modelDir: string, runs: number): LiveFigure {
  const work = mkdtempSync(join(tmpdir(), 'bench-pool-'));
  const times = Array.from({ length: FRAMES }, (_, i) => i * 1.5).join(',');
  const run = (workers: string[]) => {
    const started = performance.now();
    const out = execFileSync(
      'bin/stylegan-v',
      ['render', modelDir, '--seed', '1', '--motion-seed', '1', '--t', times, '--out', join(work, 'f.f32'), ...workers],
      { encoding: 'utf8' },
    );
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`  cli: ${workers.length ? 'one worker' : 'pool'}: ${seconds.toFixed(1)} s\n`);
    return { seconds, out };
  };
  try {
    const one: number[] = [];
    const pool: number[] = [];
    let workers = 1;
    for (let i = 0; i < runs; i++) {
      one.push(run(['--workers', '1']).seconds);
      const result = run([]);
      pool.push(result.seconds);
      workers = Number(/\((\d+) workers?\)/.exec(result.out)?.[1] ?? 1);
    }
    const oneFps = FRAMES / median(one);
    const poolFps = FRAMES / median(pool);
    const ratio = poolFps / oneFps;
    return {
      what: `CLI render sky256 x${FRAMES}: ${workers} workers vs 1 (median of ${runs})`,
      value: ratio,
      unit: 'x',
      target: '>= 1.8',
      met: ratio >= 1.8,
      note: `${oneFps.toFixed(2)} -> ${poolFps.toFixed(2)} frames/s`,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
