import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Generator, MAX_FRAME_TIME, renderMemoryProblem } from '../engine';
import { ImageInputError, type PreparedTarget, prepareTarget } from '../image-input';
import {
  DEFAULT_VIDEO_PICTURE_STEPS,
  DEFAULT_VIDEO_STEPS,
  MAX_CLIP_FRAMES,
  MAX_STEPS,
  motionFile,
  motionFileReach,
  motionFileRows,
  projectVideo,
} from '../latent';
import { checkModelJson } from '../model';
import { modelFilesFromDirectory } from '../model/node';
import { assertKnownOptions, integerOption, numberOption, type ParsedArgs, seedOption, UsageError } from './args';
import { extractVideoFrames, isFramePattern, patternFrames, readFrames } from './clip-frames';
import { availableMemoryBytes } from './memory';
import { checkOutputFile, withOutputs } from './outputs';
import { parseCrop } from './project-command';

export const PROJECT_VIDEO_USAGE =
  'project-video <model-dir> <frames-%04d.png | video.mp4> --out-ws ws.f32 --out-motion motion_z.f32 ' +
  '[--steps N] [--picture-steps N] [--space w|w+] [--t-step S] [--motion-seed M] [--seed N] [--crop x,y,size] [--class K]';

const OPTIONS = [
  'out-ws',
  'out-motion',
  'steps',
  'picture-steps',
  'space',
  't-step',
  'motion-seed',
  'seed',
  'crop',
  'class',
  'backend',
];

const bytesOf = (values: Float32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

/**
 * Projects a clip into a model: writes its content ws (raw float32 [numWs, wDim]) and its motion codes (raw
 * float32 [rows, zDim], the rows `render --motion-z` reads: the fitted ones, then the starting motion seed's),
 * and prints the mean PSNR over the frames. Frame k is at generator time k x --t-step.
 */
export async function projectVideoCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  assertKnownOptions(args, OPTIONS);
  const [modelDir, source] = args.positional;
  if (!modelDir || !source || args.positional.length !== 2) throw new UsageError(`usage: ${PROJECT_VIDEO_USAGE}`);
  const o = args.options;
  const outWs = o.get('out-ws');
  const outMotion = o.get('out-motion');
  if (!outWs) throw new UsageError('--out-ws is required (where to write the ws, raw float32 [numWs, wDim])');
  if (!outMotion)
    throw new UsageError('--out-motion is required (where to write the motion codes, raw float32 [rows, zDim])');
  if (resolve(outWs) === resolve(outMotion)) throw new UsageError('--out-ws and --out-motion must be different files');
  const space = o.get('space') ?? 'w+';
  if (space !== 'w' && space !== 'w+') throw new UsageError(`--space must be w or w+, got "${space}"`);
  const steps = integerOption(args, 'steps', 1, MAX_STEPS) ?? DEFAULT_VIDEO_STEPS;
  const pictureSteps = integerOption(args, 'picture-steps', 1, MAX_STEPS) ?? DEFAULT_VIDEO_PICTURE_STEPS;
  const tStep = numberOption(args, 't-step') ?? 1;
  if (!(tStep > 0)) throw new UsageError(`--t-step must be a number above 0, got "${o.get('t-step')}"`);
  const motionSeed = seedOption(args, 'motion-seed') ?? 0;
  const noiseSeed = seedOption(args, 'seed') ?? 0;
  const classIndex = integerOption(args, 'class', 0, 2 ** 31 - 1);
  const crop = o.has('crop') ? parseCrop(o.get('crop')!) : undefined;
  await checkOutputFile(outWs, '--out-ws');
  await checkOutputFile(outMotion, '--out-motion');

  const files = modelFilesFromDirectory(modelDir);
  const arch = checkModelJson(await files.readJson()).architecture;
  const backend = o.get('backend') === 'cpu' ? 'cpu' : 'wasm';
  const tooLarge = renderMemoryProblem(arch, backend, availableMemoryBytes());
  if (tooLarge) throw new UsageError(`cannot project into ${modelDir}: ${tooLarge}`);

  const pattern = isFramePattern(source);
  const found = pattern ? { dir: undefined, ...(await patternFrames(source, MAX_CLIP_FRAMES)) } : undefined;
  const extracted = found ? undefined : await extractVideoFrames(source, MAX_CLIP_FRAMES);
  const frames = (found ?? extracted)!;
  try {
    if (frames.paths.length < 2)
      throw new UsageError(
        `${pattern ? source : basename(source)} has one frame: a video projection needs at least 2 (use project for a picture)`,
      );
    if (frames.more)
      process.stderr.write(
        `note: the first ${MAX_CLIP_FRAMES} frames are projected (at most ${MAX_CLIP_FRAMES} at once)\n`,
      );
    const times = frames.paths.map((_, k) => k * tStep);
    const reach = motionFileReach(times, arch);
    if (!(Math.fround(reach) < MAX_FRAME_TIME))
      throw new UsageError(`--t-step ${tStep} puts the clip's frames past the engine's time range`);
    const label = (i: number) => (pattern ? frames.paths[i]! : `frame ${i + 1} of ${basename(source)}`);
    const prepared = await readFrames(frames.paths, label, (image): PreparedTarget => {
      try {
        return prepareTarget(image, { size: arch.imgResolution, crop });
      } catch (error) {
        throw error instanceof ImageInputError ? new UsageError(error.message) : error;
      }
    });
    for (const note of prepared[0]!.notes) process.stderr.write(`note: ${note}\n`);

    const generator = await Generator.load(files);
    try {
      const interactive = process.stderr.isTTY;
      const result = await projectVideo(
        generator,
        { size: arch.imgResolution, frames: prepared.map((p) => p.target.rgb), times },
        {
          steps,
          pictureSteps,
          space,
          motionSeed,
          seed: noiseSeed,
          classIndex,
          onProgress: (p) => {
            if (!interactive) return;
            const left = Math.ceil(p.remainingMs / 1000);
            const what = p.phase === 'picture' ? 'first frame' : 'clip';
            process.stderr.write(
              `\r${what} step ${p.step}/${p.steps}  PSNR ${p.psnr.toFixed(2)} dB  ${left} s left   `,
            );
          },
        },
      ).finally(() => {
        if (interactive) process.stderr.write('\r\x1b[K');
      });
      const rows = motionFileRows(times, arch);
      const motion = motionFile(result.motionZ, motionSeed, rows, arch.motion.zDim);
      await withOutputs('video projection', `${outWs} and ${outMotion}`, async (outputs) => {
        await outputs.write(outWs, bytesOf(result.ws));
        await outputs.write(outMotion, bytesOf(motion));
      });
      const span = times.at(-1)!;
      log(
        `projected ${times.length} frames (t = 0 to ${span}, every ${tStep}) -> ${outWs}: ws [${result.numWs}, ${result.wDim}] ` +
          `float32, ${result.space}; ${outMotion}: motion_z [${rows}, ${arch.motion.zDim}] float32 ` +
          `(${result.fittedRows} fitted, then motion seed ${motionSeed}), renders t up to ${reach}`,
      );
      log(
        `mean PSNR ${result.psnr.toFixed(2)} dB over ${times.length} frames (static fit ${result.staticPsnr.toFixed(2)} dB)`,
      );
    } finally {
      generator.dispose();
    }
  } finally {
    if (extracted) await rm(extracted.dir, { recursive: true, force: true });
  }
}
