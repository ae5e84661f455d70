import { Generator, renderMemoryProblem } from '../engine';
import { type CropRect, ImageInputError, prepareTarget } from '../image-input';
import { readImageFile } from '../image-input/node';
import {
  DEFAULT_STEPS,
  MAX_MOTION_SEARCH,
  MAX_STEPS,
  type MotionChoice,
  projectImage,
  type RgbaImage,
} from '../latent';
import { checkModelJson } from '../model';
import { modelFilesFromDirectory } from '../model/node';
import { assertKnownOptions, integerOption, type ParsedArgs, seedOption, UsageError } from './args';
import { availableMemoryBytes } from './memory';
import { checkOutputFile, checkOutputPattern, type Outputs, withOutputs } from './outputs';
import { encodePngRgb } from './png';

export const PROJECT_USAGE =
  'project <model-dir> <image> --out ws.f32 [--steps N] [--space w|w+] [--motion-seed N | --motion-search K] ' +
  '[--seed N] [--crop x,y,size] [--class K] [--png progress-%d.png] [--png-every N]';

const OPTIONS = [
  'out',
  'steps',
  'space',
  'motion-seed',
  'motion-search',
  'seed',
  'crop',
  'class',
  'png',
  'png-every',
  'backend',
];

export function parseCrop(spec: string): CropRect {
  const parts = spec.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((v) => !Number.isInteger(v)))
    throw new UsageError(`--crop must be x,y,size in whole pixels, got "${spec}"`);
  const [x, y, size] = parts as [number, number, number];
  return { x, y, size };
}

function rgbBytes(image: RgbaImage): Uint8Array {
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) rgb.set(image.rgba.subarray(i, i + 3), j);
  return rgb;
}

/**
 * Projects a picture into a model: writes its ws as raw little-endian float32 [numWs, wDim] and prints the
 * PSNR of the t = 0 frame against the cropped, resized picture.
 */
export async function projectCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  assertKnownOptions(args, OPTIONS);
  const [modelDir, imagePath] = args.positional;
  if (!modelDir || !imagePath || args.positional.length !== 2) throw new UsageError(`usage: ${PROJECT_USAGE}`);
  const o = args.options;
  const out = o.get('out');
  if (!out) throw new UsageError('--out is required (where to write the ws, raw float32 [numWs, wDim])');
  const space = o.get('space') ?? 'w+';
  if (space !== 'w' && space !== 'w+') throw new UsageError(`--space must be w or w+, got "${space}"`);
  const steps = integerOption(args, 'steps', 1, MAX_STEPS) ?? DEFAULT_STEPS;
  if (o.has('motion-seed') && o.has('motion-search'))
    throw new UsageError('give --motion-seed or --motion-search, not both');
  const searchCount = integerOption(args, 'motion-search', 1, MAX_MOTION_SEARCH);
  const motion: MotionChoice =
    searchCount !== undefined
      ? { searchSeeds: Array.from({ length: searchCount }, (_, i) => i) }
      : { seed: seedOption(args, 'motion-seed') ?? 0 };
  const noiseSeed = seedOption(args, 'seed') ?? 0;
  const classIndex = integerOption(args, 'class', 0, 2 ** 31 - 1);
  const pngPattern = o.get('png');
  if (pngPattern !== undefined && !pngPattern.includes('%d'))
    throw new UsageError('--png needs %d in the file name for the step number');
  const pngEvery = integerOption(args, 'png-every', 1, MAX_STEPS) ?? Math.max(1, Math.round(steps / 10));
  const crop = o.has('crop') ? parseCrop(o.get('crop')!) : undefined;
  const savesStep = (step: number) => step % pngEvery === 0 || step === steps;
  await checkOutputFile(out, '--out');
  if (pngPattern) await checkOutputPattern(pngPattern, stepsSaved(steps, savesStep), '--png');

  const image = await readImageFile(imagePath).catch((error: unknown) => {
    throw error instanceof ImageInputError ? new UsageError(error.message) : error;
  });
  const files = modelFilesFromDirectory(modelDir);
  const arch = checkModelJson(await files.readJson()).architecture;
  const backend = o.get('backend') === 'cpu' ? 'cpu' : 'wasm';
  const tooLarge = renderMemoryProblem(arch, backend, availableMemoryBytes());
  if (tooLarge) throw new UsageError(`cannot project into ${modelDir}: ${tooLarge}`);
  const generator = await Generator.load(files);
  try {
    const { target, notes } = (() => {
      try {
        return prepareTarget(image, { size: generator.arch.imgResolution, crop });
      } catch (error) {
        throw error instanceof ImageInputError ? new UsageError(error.message) : error;
      }
    })();
    for (const note of notes) process.stderr.write(`note: ${note}\n`);
    const interactive = process.stderr.isTTY;
    const result = await withOutputs('projection', out, async (outputs: Outputs) => {
      const pngWrites: Promise<void>[] = [];
      const projected = await projectImage(generator, target, {
        steps,
        space,
        motion,
        seed: noiseSeed,
        classIndex,
        wantsReconstruction: pngPattern ? savesStep : undefined,
        onProgress: (p) => {
          if (interactive) {
            const left = Math.ceil(p.remainingMs / 1000);
            process.stderr.write(`\rstep ${p.step}/${p.steps}  PSNR ${p.psnr.toFixed(2)} dB  ${left} s left   `);
          }
          if (p.reconstruction && pngPattern) {
            const { width, height } = p.reconstruction;
            const png = encodePngRgb(rgbBytes(p.reconstruction), width, height);
            // Held, never left pending: a rejection is seen by the Promise.all below.
            const write = outputs.write(pngPattern.replace('%d', String(p.step)), png);
            write.catch(() => undefined);
            pngWrites.push(write);
          }
        },
      }).finally(() => {
        if (interactive) process.stderr.write('\r\x1b[K');
      });
      await Promise.all(pngWrites);
      await outputs.write(out, new Uint8Array(projected.ws.buffer, projected.ws.byteOffset, projected.ws.byteLength));
      return projected;
    });
    const searched = result.motionCandidates ? ` (best of ${result.motionCandidates.length} tried)` : '';
    log(
      `projected ${imagePath} -> ${out}: ws [${result.numWs}, ${result.wDim}] float32, ${result.space}, ${steps} steps, ` +
        `motion seed ${result.motionSeed}${searched}`,
    );
    log(`PSNR ${result.psnr.toFixed(2)} dB`);
  } finally {
    generator.dispose();
  }
}

/** The step numbers whose reconstruction `--png` saves (0..steps, as savesStep picks them). */
function stepsSaved(steps: number, savesStep: (step: number) => boolean): number[] {
  const saved: number[] = [];
  for (let step = 0; step <= steps; step++) if (savesStep(step)) saved.push(step);
  return saved;
}
