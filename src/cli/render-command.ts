import { frameTimeProblem, motionZRowsNeeded, renderMemoryProblem, type VideoSpec } from '../engine/plain';
import { checkModelJson, type ModelArchitecture } from '../model';
import { modelFilesFromDirectory } from '../model/node';
import { assertKnownOptions, integerOption, numberOption, type ParsedArgs, seedOption, UsageError } from './args';
import { parseTimes, readFloat32File, readWsFile } from './float-file';
import { checkFrameTargets, frameSummary, renderToTargets } from './frame-outputs';
import { availableMemoryBytes, renderPoolSize } from './memory';
import { RenderPool } from './render-pool';

export const RENDER_USAGE =
  'render <model-dir> (--z F | --seed N | --ws F) (--motion-z F | --motion-seed N) --t (F | 0,2.5,7.25) ' +
  '[--c F | --class K] [--psi X] [--noise-mode const|none] [--out F] [--png out-%d.png] [--workers N (default: one per core)]';

const OPTIONS = [
  'z',
  'seed',
  'ws',
  'motion-z',
  'motion-seed',
  't',
  'c',
  'class',
  'psi',
  'noise-mode',
  'out',
  'png',
  'backend',
  'workers',
];

/** More threads than this are never started, whatever the machine (each loads its own model). */
const MAX_WORKERS = 256;

export async function renderCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  assertKnownOptions(args, OPTIONS);
  const [modelDir] = args.positional;
  if (!modelDir || args.positional.length !== 1) throw new UsageError(`usage: ${RENDER_USAGE}`);
  const o = args.options;
  const exactlyOne = (a: string, b: string) => {
    if (o.has(a) === o.has(b)) throw new UsageError(`give exactly one of --${a} or --${b}`);
  };
  if ([o.has('z'), o.has('seed'), o.has('ws')].filter(Boolean).length !== 1) {
    throw new UsageError('give exactly one of --z, --seed or --ws');
  }
  if (o.has('ws') && o.has('psi')) throw new UsageError('--psi does not apply to --ws (they are used as they are)');
  exactlyOne('motion-z', 'motion-seed');
  if (o.has('c') && o.has('class')) throw new UsageError('give --c or --class, not both');
  if (!o.has('t')) throw new UsageError('--t is required (frame times, e.g. --t 0,2.5,7.25)');
  if (!o.has('out') && !o.has('png')) throw new UsageError('nothing to write: give --out F and/or --png out-%d.png');
  const noiseMode = o.get('noise-mode') ?? 'const';
  if (noiseMode !== 'const' && noiseMode !== 'none')
    throw new UsageError(`--noise-mode must be const or none, got "${noiseMode}"`);
  const pngPattern = o.get('png');
  if (pngPattern !== undefined && !pngPattern.includes('%d'))
    throw new UsageError('--png needs %d in the file name for the frame index');
  const seeds = { content: seedOption(args, 'seed'), motion: seedOption(args, 'motion-seed') };
  const requested = integerOption(args, 'workers', 1, MAX_WORKERS);
  const backend = o.get('backend') === 'cpu' ? 'cpu' : 'wasm';
  const times = await parseTimes(o.get('t')!);
  for (const t of times) {
    const problem = frameTimeProblem(t);
    if (problem) throw new UsageError(`--t: ${problem}`);
  }

  // Checked before a thread starts: the model's description, and whether a frame of it fits in memory.
  const arch = checkModelJson(await modelFilesFromDirectory(modelDir).readJson()).architecture;
  const availableBytes = availableMemoryBytes();
  const tooLarge = renderMemoryProblem(arch, backend, availableBytes);
  if (tooLarge) throw new UsageError(`cannot render ${modelDir}: ${tooLarge}`);
  const size = renderPoolSize(arch, { requested, frames: times.length, availableBytes });
  if (size.note) process.stderr.write(`note: ${size.note}\n`);

  // The threads load the model while this thread reads the spec's files and checks the output folders; a
  // bad spec (a class of an unconditional model, a short motion_z) fails in one line before anything is written.
  const pool = new RenderPool(modelDir, { threads: size.threads, backend });
  const targets = { out: o.get('out'), png: pngPattern };
  let shape: [number, number];
  try {
    const spec = await readSpec(args, arch, seeds, times);
    await checkFrameTargets(targets, times.length);
    const warnings = await pool.prepare({ spec });
    for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
    shape = await renderToTargets('render', pool, times, targets);
  } finally {
    await pool.close();
  }
  for (const line of frameSummary(targets, times.length, shape, pool.threads)) log(line);
}

/** The video the options describe; files are read with the sizes the model's architecture gives. */
async function readSpec(
  args: ParsedArgs,
  arch: ModelArchitecture,
  seeds: { content?: number; motion?: number },
  times: readonly number[],
): Promise<VideoSpec> {
  const o = args.options;
  const { motion, numWs, wDim } = arch;
  const content: VideoSpec['content'] = o.has('ws')
    ? { ws: await readWsFile(o.get('ws')!, numWs, wDim) }
    : o.has('z')
      ? { z: await readFloat32File(o.get('z')!, 'z') }
      : { seed: seeds.content! };
  let motionSource: VideoSpec['motion'];
  if (o.has('motion-z')) {
    const motionZ = await readFloat32File(o.get('motion-z')!, 'motion_z');
    if (motionZ.length % motion.zDim !== 0) {
      throw new UsageError(
        `motion_z file has ${motionZ.length} values, not a multiple of the motion code size ${motion.zDim}`,
      );
    }
    const rows = motionZ.length / motion.zDim;
    const needed = motionZRowsNeeded(times, motion);
    if (rows < needed)
      throw new UsageError(
        `motion_z file has ${rows} codes; --t up to ${times.reduce((a, b) => Math.max(a, b), 0)} needs ${needed} ` +
          `(one code per ${motion.motionZDistance} frames, plus the motion encoder's window)`,
      );
    motionSource = { motionZ, length: rows };
  } else {
    motionSource = { seed: seeds.motion! };
  }
  return {
    content,
    motion: motionSource,
    psi: numberOption(args, 'psi') ?? 1,
    noiseMode: o.get('noise-mode') === 'none' ? 'none' : 'const',
    classIndex: integerOption(args, 'class', 0, 2 ** 31 - 1),
    c: o.has('c') ? await readFloat32File(o.get('c')!, 'c') : undefined,
  };
}
