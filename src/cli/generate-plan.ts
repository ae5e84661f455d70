/**
 * `stylegan-v generate`: its options (official spellings of src/scripts/generate.py accepted as aliases), the
 * seeds of every video, the outputs (one per video, or one grid per batch) and each shard's share of them.
 * Pure: no tfjs, no files.
 */
import { frameTimeProblem } from '../engine/plain';
import { integerOption, numberOption, type ParsedArgs, seedOption, UsageError } from './args';

export const GENERATE_USAGE =
  'generate <model-dir> --num-videos N --out-dir DIR [--video-len 16] [--seed 42] [--psi 1] [--noise-mode const|none] ' +
  '[--time-offset 0] [--slowmo 1] [--fps 25] [--format png|f32|mp4] [--as-grids] [--moco-decomposition] ' +
  '[--batch-size 32] [--shard i/N]';

/** Official spelling -> ours. Boolean ones (`--as_grids 1`) take a value, as click's `type=bool` does. */
const ALIASES: Record<string, string> = {
  num_videos: 'num-videos',
  truncation_psi: 'psi',
  noise_mode: 'noise-mode',
  outdir: 'out-dir',
  video_len: 'video-len',
  time_offset: 'time-offset',
  slowmo_coef: 'slowmo',
  batch_size: 'batch-size',
  as_grids: 'as-grids',
  moco_decomposition: 'moco-decomposition',
  save_as_mp4: 'save-as-mp4',
};
const OPTIONS = [
  'num-videos',
  'out-dir',
  'video-len',
  'seed',
  'psi',
  'noise-mode',
  'time-offset',
  'slowmo',
  'fps',
  'format',
  'batch-size',
  'shard',
  'as-grids',
  'moco-decomposition',
  'save-as-mp4',
  'backend',
];
export const GENERATE_FLAGS = ['as-grids', 'moco-decomposition'];

/** At most this many videos per run (file names stay 6 digits wide up to a million, then grow as the official ones do). */
const MAX_VIDEOS = 100_000_000;

export type GenerateFormat = 'png' | 'f32' | 'mp4';

export interface GenerateOptions {
  modelDir: string;
  outDir: string;
  numVideos: number;
  videoLen: number;
  seed: number;
  psi: number;
  noiseMode: 'const' | 'none';
  timeOffset: number;
  slowmo: number;
  fps: number;
  format: GenerateFormat;
  asGrids: boolean;
  moco: boolean;
  batchSize: number;
  shard: { index: number; count: number };
}

function bool(name: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'y', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'n', 'off'].includes(v)) return false;
  throw new UsageError(`--${name} must be 1 or 0 (true or false), got "${raw.slice(0, 40)}"`);
}

/** Official spellings renamed to ours; one given in both spellings is refused. */
export function canonicalArgs(args: ParsedArgs): ParsedArgs {
  const options = new Map<string, string>();
  const flags = new Set(args.flags);
  for (const [name, value] of args.options) {
    const ours = ALIASES[name] ?? name;
    if (options.has(ours) || flags.has(ours)) throw new UsageError(`--${ours} given twice (as --${name} too)`);
    if (GENERATE_FLAGS.includes(ours)) {
      if (name === ours) throw new UsageError(`--${ours} takes no value (--${name.replace(/-/g, '_')} ${value} does)`);
      if (bool(name, value)) flags.add(ours);
    } else options.set(ours, value);
  }
  for (const name of [...options.keys(), ...flags]) {
    if (!OPTIONS.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
  return { positional: args.positional, options, flags };
}

export function parseGenerateArgs(raw: ParsedArgs): GenerateOptions {
  const args = canonicalArgs(raw);
  const o = args.options;
  const [modelDir] = args.positional;
  if (!modelDir || args.positional.length !== 1) throw new UsageError(`usage: ${GENERATE_USAGE}`);
  if (!o.has('num-videos')) throw new UsageError('--num-videos is required (how many videos to generate)');
  if (!o.has('out-dir')) throw new UsageError('--out-dir is required (the folder the videos go to)');
  const numVideos = integerOption(args, 'num-videos', 1, MAX_VIDEOS)!;
  const videoLen = integerOption(args, 'video-len', 1, 100_000) ?? 16;
  const batchSize = integerOption(args, 'batch-size', 1, 4096) ?? 32;
  const timeOffset = integerOption(args, 'time-offset', 0, 2 ** 24 - 1) ?? 0;
  const slowmo = numberOption(args, 'slowmo') ?? 1;
  if (!(slowmo > 0)) throw new UsageError(`--slowmo must be a positive number, got "${o.get('slowmo')}"`);
  const fps = numberOption(args, 'fps') ?? 25;
  if (!(fps > 0 && fps <= 1000))
    throw new UsageError(`--fps must be a number above 0 and at most 1000, got "${o.get('fps')}"`);
  const psi = numberOption(args, 'psi') ?? 1;
  const noiseMode = o.get('noise-mode') ?? 'const';
  if (noiseMode === 'random')
    throw new UsageError(
      '--noise-mode random is not supported: its frames could not be reproduced (use const or none)',
    );
  if (noiseMode !== 'const' && noiseMode !== 'none')
    throw new UsageError(`--noise-mode must be const or none, got "${noiseMode.slice(0, 40)}"`);
  let format = o.get('format');
  if (o.has('save-as-mp4') && bool('save_as_mp4', o.get('save-as-mp4')!)) {
    if (format !== undefined && format !== 'mp4')
      throw new UsageError(`--save_as_mp4 1 contradicts --format ${format}`);
    format = 'mp4';
  }
  format ??= 'png';
  if (format !== 'png' && format !== 'f32' && format !== 'mp4')
    throw new UsageError(`--format must be png, f32 or mp4, got "${format.slice(0, 40)}"`);
  const asGrids = args.flags.has('as-grids');
  const moco = args.flags.has('moco-decomposition');
  if (moco && !asGrids) throw new UsageError('--moco-decomposition needs --as-grids (as in the official script)');
  if (moco && (Math.round(Math.sqrt(batchSize)) ** 2 !== batchSize || numVideos % batchSize !== 0))
    throw new UsageError(
      `--moco-decomposition needs a square --batch-size (4, 9, 16, ...) that divides --num-videos, got ${batchSize} and ${numVideos}`,
    );
  const shard = parseShard(o.get('shard'));
  const options: GenerateOptions = {
    modelDir,
    outDir: o.get('out-dir')!,
    numVideos,
    videoLen,
    seed: seedOption(args, 'seed') ?? 42,
    psi,
    noiseMode,
    timeOffset,
    slowmo,
    fps,
    format,
    asGrids,
    moco,
    batchSize,
    shard,
  };
  const last = frameTimes(options).at(-1)!;
  const problem = frameTimeProblem(last);
  if (problem) throw new UsageError(`the last frame's time ${last}: ${problem}`);
  return options;
}

function parseShard(raw: string | undefined): { index: number; count: number } {
  if (raw === undefined) return { index: 0, count: 1 };
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(raw.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!(count >= 1 && index >= 0 && index < count))
    throw new UsageError(`--shard must be i/N with 0 <= i < N (0-based), got "${raw.slice(0, 40)}"`);
  return { index, count };
}

/** Frame j of every video is at t = time_offset + j / slowmo (training frames), as in the official script. */
export function frameTimes(o: Pick<GenerateOptions, 'videoLen' | 'timeOffset' | 'slowmo'>): number[] {
  return Array.from({ length: o.videoLen }, (_, j) => o.timeOffset + j / o.slowmo);
}

function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A 32-bit hash of (seed, index, stream): murmur3's finalizer applied in turn (a bijection of each input). */
function derive(seed: number, index: number, stream: number): number {
  return fmix32(fmix32(fmix32(seed ^ 0x5bd1e995) ^ index) ^ stream);
}

export interface VideoSeeds {
  index: number;
  content: number;
  motion: number;
  /** The one-hot class of a conditional model, or null. */
  classIndex: number | null;
}

/**
 * Video i's seeds: a pure function of (seed, i) and the model's class count. Content and motion seeds are
 * 31-bit (a subset of the valid seeds of engine/seed.ts), the class uniform over cDim.
 */
export function videoSeeds(seed: number, index: number, cDim: number): VideoSeeds {
  return {
    index,
    content: derive(seed, index, 1) >>> 1,
    motion: derive(seed, index, 2) >>> 1,
    classIndex: cDim > 0 ? derive(seed, index, 3) % cDim : null,
  };
}

/** One cell of an output: the content (and class) of one video with the motion of another (moco). */
export interface Cell {
  content: VideoSeeds;
  motion: VideoSeeds;
}

/** One output file (or PNG folder): a video, or the grid of a batch. */
export interface OutputUnit {
  /** The official number in its name: the video's index, or the batch's first video's. */
  number: number;
  batch: number;
  cells: Cell[];
  /** Grid columns (torchvision make_grid's nrow = int(sqrt(batch))); 0 for a plain video. */
  columns: number;
}

export function batchCount(o: Pick<GenerateOptions, 'numVideos' | 'batchSize'>): number {
  return Math.ceil(o.numVideos / o.batchSize);
}

/** The batches shard i of N renders: a contiguous share, so N shards together cover every batch once. */
export function shardBatches(o: Pick<GenerateOptions, 'numVideos' | 'batchSize' | 'shard'>): number[] {
  const total = batchCount(o);
  const { index, count } = o.shard;
  const start = Math.floor((index * total) / count);
  const end = Math.floor(((index + 1) * total) / count);
  return Array.from({ length: end - start }, (_, k) => start + k);
}

/** The outputs of one batch, as the official script names and fills them. */
export function batchUnits(o: GenerateOptions, batch: number, cDim: number): OutputUnit[] {
  const first = batch * o.batchSize;
  const size = Math.min(o.batchSize, o.numVideos - first);
  const seeds = Array.from({ length: size }, (_, k) => videoSeeds(o.seed, first + k, cDim));
  if (!o.asGrids) return seeds.map((s) => ({ number: s.index, batch, cells: [{ content: s, motion: s }], columns: 0 }));
  const columns = Math.max(1, Math.floor(Math.sqrt(size)));
  // moco: cell k has the content of the batch's video k % columns and the motion of its video floor(k / columns).
  const cells = seeds.map((s, k) =>
    o.moco ? { content: seeds[k % columns]!, motion: seeds[Math.floor(k / columns)]! } : { content: s, motion: s },
  );
  return [{ number: first, batch, cells, columns }];
}

/** The official names: `%06d.mp4` (here also `%06d.f32`) or a folder `%06d/` of `%06d.png` frames numbered from time_offset. */
export function unitName(number: number): string {
  return String(number).padStart(6, '0');
}

export function framePngName(o: Pick<GenerateOptions, 'timeOffset'>, j: number): string {
  return `${String(j + o.timeOffset).padStart(6, '0')}.png`;
}

/** The manifest of a shard: `manifest.json` for a whole run, `manifest-shard-<i>-of-<N>.json` for a shard. */
export function manifestName(o: Pick<GenerateOptions, 'shard'>): string {
  const { index, count } = o.shard;
  return count === 1 ? 'manifest.json' : `manifest-shard-${index}-of-${count}.json`;
}
