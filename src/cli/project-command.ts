import { writeFile } from 'node:fs/promises';
import { Generator } from '../engine';
import { type CropRect, ImageInputError, prepareTarget } from '../image-input';
import { readImageFile } from '../image-input/node';
import { DEFAULT_STEPS, type MotionChoice, projectImage, type RgbaImage } from '../latent';
import { modelFilesFromDirectory } from '../model/node';
import { assertKnownOptions, numberOption, type ParsedArgs, UsageError } from './args';
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

function parseCrop(spec: string): CropRect {
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
  const steps = numberOption(args, 'steps', { integer: true }) ?? DEFAULT_STEPS;
  if (steps < 1) throw new UsageError(`--steps must be at least 1, got ${steps}`);
  if (o.has('motion-seed') && o.has('motion-search'))
    throw new UsageError('give --motion-seed or --motion-search, not both');
  const searchCount = numberOption(args, 'motion-search', { integer: true });
  if (searchCount !== undefined && searchCount < 1)
    throw new UsageError(`--motion-search must be at least 1, got ${searchCount}`);
  const motion: MotionChoice =
    searchCount !== undefined
      ? { searchSeeds: Array.from({ length: searchCount }, (_, i) => i) }
      : { seed: numberOption(args, 'motion-seed', { integer: true }) ?? 0 };
  const pngPattern = o.get('png');
  if (pngPattern !== undefined && !pngPattern.includes('%d'))
    throw new UsageError('--png needs %d in the file name for the step number');
  const pngEvery = numberOption(args, 'png-every', { integer: true }) ?? Math.max(1, Math.round(steps / 10));
  if (pngEvery < 1) throw new UsageError(`--png-every must be at least 1, got ${pngEvery}`);
  const crop = o.has('crop') ? parseCrop(o.get('crop')!) : undefined;

  const image = await readImageFile(imagePath).catch((error: unknown) => {
    throw error instanceof ImageInputError ? new UsageError(error.message) : error;
  });
  const generator = await Generator.load(modelFilesFromDirectory(modelDir));
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
    const pngWrites: Promise<void>[] = [];
    const result = await projectImage(generator, target, {
      steps,
      space,
      motion,
      seed: numberOption(args, 'seed', { integer: true }) ?? 0,
      classIndex: numberOption(args, 'class', { integer: true }),
      wantsReconstruction: pngPattern ? (step) => step % pngEvery === 0 || step === steps : undefined,
      onProgress: (p) => {
        if (interactive) {
          const left = Math.ceil(p.remainingMs / 1000);
          process.stderr.write(`\rstep ${p.step}/${p.steps}  PSNR ${p.psnr.toFixed(2)} dB  ${left} s left   `);
        }
        if (p.reconstruction && pngPattern) {
          const { width, height } = p.reconstruction;
          pngWrites.push(
            writeFile(
              pngPattern.replace('%d', String(p.step)),
              encodePngRgb(rgbBytes(p.reconstruction), width, height),
            ),
          );
        }
      },
    });
    if (interactive) process.stderr.write('\r\x1b[K');
    await Promise.all(pngWrites);
    await writeFile(out, new Uint8Array(result.ws.buffer, result.ws.byteOffset, result.ws.byteLength));
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
