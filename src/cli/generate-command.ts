/**
 * `stylegan-v generate`: an evaluation set of videos as the official src/scripts/generate.py writes it, on this
 * thread (one WASM instance; shards scale it out over machines). Outputs are written one at a time, each
 * staged and moved into place when complete, so a killed run resumes where it stopped; memory holds one chunk
 * of frames (one output's cells for a grid), whatever --num-videos is.
 */
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Generator } from '../engine';
import { checkModelJson } from '../model';
import { modelFilesFromDirectory } from '../model/node';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import {
  batchUnits,
  type Cell,
  frameTimes,
  type GenerateOptions,
  manifestName,
  type OutputUnit,
  parseGenerateArgs,
  shardBatches,
  unitName,
} from './generate-plan';
import {
  type FrameWriter,
  gridFrame,
  isComplete,
  openWriter,
  removeStale,
  unitSize,
  unitTarget,
} from './generate-writers';
import { checkFfmpeg } from './mp4-writer';
import { checkOutputFile, withOutputs } from './outputs';

export { GENERATE_USAGE } from './generate-plan';

/** Frames held at once: about this many bytes of float32 output. */
const CHUNK_BYTES = 64 * 1024 * 1024;

export async function generateCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  const o = parseGenerateArgs(args);
  if (o.format === 'mp4') checkFfmpeg();
  const files = modelFilesFromDirectory(o.modelDir);
  const arch = checkModelJson(await files.readJson()).architecture;
  const outInfo = await stat(o.outDir).catch(() => undefined);
  if (outInfo && !outInfo.isDirectory()) throw new UsageError(`--out-dir ${o.outDir} is not a folder`);
  const parent = path.dirname(path.resolve(o.outDir));
  // A missing --out-dir is made once the model has loaded (shards started together may each make it).
  const parentInfo = outInfo ? undefined : await stat(parent).catch(() => undefined);
  if (!outInfo && !parentInfo?.isDirectory()) throw new UsageError(`--out-dir ${o.outDir}: ${parent} is not a folder`);
  const generator = await Generator.load(files);
  for (const warning of generator.warnings) process.stderr.write(`warning: ${warning}\n`);
  await mkdir(o.outDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--out-dir ${o.outDir}: cannot make the folder (${error.code ?? error.message})`);
  });
  await checkOutputFile(path.join(o.outDir, manifestName(o)), '--out-dir');

  const units = shardBatches(o).flatMap((batch) => batchUnits(o, batch, arch.cDim));
  const times = frameTimes(o);
  const modelId = path.basename(path.resolve(o.modelDir));
  const progress = new Progress(units.length, o.videoLen);
  let skipped = 0;
  try {
    for (const unit of units) {
      const { height, width } = unitSize(arch.imgResolution, unit.cells.length, unit.columns);
      if (await isComplete(o, unit.number, height, width)) {
        skipped++;
        progress.skip();
        continue;
      }
      await removeStale(o, unit.number);
      const what = `${unitTarget(o, unit.number)} (complete outputs stay: run the same command again to resume)`;
      await withOutputs('generate', what, async (outputs) => {
        const writer = await openWriter(o, unit.number, outputs);
        await renderUnit(generator, o, unit, times, arch.imgResolution, writer, () => progress.frame());
        await writer.finish();
      });
      progress.done();
    }
  } finally {
    generator.dispose();
    progress.end();
  }
  const manifest = manifestFor(o, units, modelId, arch.imgResolution);
  await withOutputs('generate', path.join(o.outDir, manifestName(o)), (outputs) =>
    outputs.write(
      path.join(o.outDir, manifestName(o)),
      new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    ),
  );
  const shard = o.shard.count > 1 ? ` (shard ${o.shard.index}/${o.shard.count})` : '';
  log(
    `wrote ${units.length - skipped} of ${units.length} outputs to ${o.outDir}${shard}` +
      `${skipped ? ` (${skipped} already complete)` : ''}; manifest ${manifestName(o)}`,
  );
}

/** One output's frames in order, a chunk of frames at a time; a grid renders every cell's chunk, then tiles it. */
async function renderUnit(
  generator: Generator,
  o: GenerateOptions,
  unit: OutputUnit,
  times: readonly number[],
  resolution: number,
  writer: FrameWriter,
  onFrame: () => void,
): Promise<void> {
  const frameBytes = resolution * resolution * 3 * 4 * unit.cells.length;
  const chunk = Math.max(1, Math.min(times.length, Math.floor(CHUNK_BYTES / frameBytes)));
  const whole = unit.columns === 0 || chunk >= times.length;
  // A plain video (or a grid rendered in one chunk) prepares each cell's video once.
  const prepared = whole ? unit.cells.map((cell) => generator.prepareVideo(spec(o, cell))) : null;
  try {
    for (let start = 0; start < times.length; start += chunk) {
      const slice = times.slice(start, start + chunk);
      const cellFrames: Float32Array[] = [];
      for (let k = 0; k < unit.cells.length; k++) {
        const video = prepared?.[k] ?? generator.prepareVideo(spec(o, unit.cells[k]!));
        try {
          const frames = await video.render(slice);
          cellFrames.push((await frames.data()) as Float32Array);
          frames.dispose();
        } finally {
          if (!prepared) video.dispose();
        }
      }
      const size = resolution * resolution * 3;
      for (let f = 0; f < slice.length; f++) {
        const cells = cellFrames.map((frames) => frames.subarray(f * size, (f + 1) * size));
        const frame =
          unit.columns === 0
            ? { nhwc: cells[0]!, height: resolution, width: resolution }
            : gridFrame(cells, resolution, resolution, unit.columns);
        await writer.frame(start + f, frame.nhwc, frame.height, frame.width);
        onFrame();
      }
    }
  } finally {
    for (const video of prepared ?? []) video.dispose();
  }
}

function spec(o: GenerateOptions, cell: Cell) {
  return {
    content: { seed: cell.content.content },
    motion: { seed: cell.motion.motion },
    classIndex: cell.content.classIndex ?? undefined,
    psi: o.psi,
    noiseMode: o.noiseMode,
  };
}

/** The studio link of a video: the URL hash keys of src/studio/state/url-state.ts. */
function studioLink(modelId: string, cell: Cell, o: GenerateOptions): string {
  const p = new URLSearchParams();
  p.set('model', modelId);
  p.set('content', String(cell.content.content));
  p.set('motion', String(cell.motion.motion));
  if (cell.content.classIndex !== null) p.set('class', String(cell.content.classIndex));
  if (o.psi !== 1) p.set('psi', String(o.psi));
  p.set('t', String(o.timeOffset));
  return `#${p.toString()}`;
}

/** What a shard wrote: every output with the seeds of its videos (no times or paths, so it is reproducible). */
function manifestFor(o: GenerateOptions, units: OutputUnit[], modelId: string, resolution: number) {
  return {
    generator: 'stylegan-v generate',
    model: modelId,
    seed: o.seed,
    numVideos: o.numVideos,
    videoLen: o.videoLen,
    times: { offset: o.timeOffset, slowmo: o.slowmo, rule: 't_j = offset + j / slowmo' },
    psi: o.psi,
    noiseMode: o.noiseMode,
    format: o.format,
    fps: o.fps,
    asGrids: o.asGrids,
    mocoDecomposition: o.moco,
    batchSize: o.batchSize,
    shard: { index: o.shard.index, count: o.shard.count },
    seedsRule: 'src/cli/generate-plan.ts videoSeeds(seed, index)',
    outputs: units.map((unit) => {
      const { height, width } = unitSize(resolution, unit.cells.length, unit.columns);
      return {
        file: path.basename(unitTarget(o, unit.number)) + (o.format === 'png' ? '/' : ''),
        name: unitName(unit.number),
        batch: unit.batch,
        size: [height, width],
        ...(unit.columns ? { gridColumns: unit.columns } : {}),
        videos: unit.cells.map((cell) => ({
          index: cell.content.index,
          ...(o.moco ? { motionFrom: cell.motion.index } : {}),
          contentSeed: cell.content.content,
          motionSeed: cell.motion.motion,
          class: cell.content.classIndex,
          studio: studioLink(modelId, cell, o),
        })),
      };
    }),
  };
}

/** Outputs done, frames/s and time left, on stderr (one line rewritten on a terminal, a line per output otherwise). */
class Progress {
  private readonly start = Date.now();
  private frames = 0;
  private finished = 0;
  private rendered = 0;
  constructor(
    private readonly total: number,
    private readonly framesPerUnit: number,
  ) {}
  frame(): void {
    this.frames++;
    if (process.stderr.isTTY) this.print();
  }
  skip(): void {
    this.finished++;
  }
  done(): void {
    this.finished++;
    this.rendered++;
    this.print();
  }
  end(): void {
    if (process.stderr.isTTY && this.rendered > 0) process.stderr.write('\n');
  }
  private print(): void {
    const seconds = (Date.now() - this.start) / 1000;
    const rate = this.frames / Math.max(seconds, 1e-3);
    const left = (this.total - this.finished) * this.framesPerUnit - (this.frames % this.framesPerUnit);
    const eta = rate > 0 ? Math.round(Math.max(0, left) / rate) : 0;
    const line = `generate: ${this.finished}/${this.total} videos, ${rate.toFixed(2)} frames/s, ${formatTime(eta)} left`;
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  }
}

function formatTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
}
