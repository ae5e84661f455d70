import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import { frameTimeProblem, frameToRgbBytes, Generator, type VideoSpec } from '../engine';
import { modelFilesFromDirectory } from '../model/node';
import { assertKnownOptions, numberOption, type ParsedArgs, UsageError } from './args';
import { parseTimes, readFloat32File, readWsFile } from './float-file';
import { encodePngRgb } from './png';

export const RENDER_USAGE =
  'render <model-dir> (--z F | --seed N | --ws F) (--motion-z F | --motion-seed N) --t (F | 0,2.5,7.25) ' +
  '[--c F | --class K] [--psi X] [--noise-mode const|none] [--out F] [--png out-%d.png]';

const OPTIONS = ['z', 'seed', 'ws', 'motion-z', 'motion-seed', 't', 'c', 'class', 'psi', 'noise-mode', 'out', 'png', 'backend'];

export async function renderCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  assertKnownOptions(args, OPTIONS);
  const [modelDir] = args.positional;
  if (!modelDir || args.positional.length !== 1) throw new UsageError(`usage: ${RENDER_USAGE}`);
  const o = args.options;
  const exactlyOne = (a: string, b: string) => {
    if (o.has(a) === o.has(b)) throw new UsageError(`give exactly one of --${a} or --${b}`);
  };
  if ([o.has('z'), o.has('seed'), o.has('ws')].filter(Boolean).length !== 1) throw new UsageError('give exactly one of --z, --seed or --ws');
  if (o.has('ws') && o.has('psi')) throw new UsageError('--psi does not apply to --ws (they are used as they are)');
  exactlyOne('motion-z', 'motion-seed');
  if (o.has('c') && o.has('class')) throw new UsageError('give --c or --class, not both');
  if (!o.has('t')) throw new UsageError('--t is required (frame times, e.g. --t 0,2.5,7.25)');
  if (!o.has('out') && !o.has('png')) throw new UsageError('nothing to write: give --out F and/or --png out-%d.png');
  const noiseMode = o.get('noise-mode') ?? 'const';
  if (noiseMode !== 'const' && noiseMode !== 'none') throw new UsageError(`--noise-mode must be const or none, got "${noiseMode}"`);
  const pngPattern = o.get('png');
  if (pngPattern !== undefined && !pngPattern.includes('%d')) throw new UsageError('--png needs %d in the file name for the frame index');
  const times = await parseTimes(o.get('t')!);
  for (const t of times) {
    const problem = frameTimeProblem(t);
    if (problem) throw new UsageError(`--t: ${problem}`);
  }

  const generator = await Generator.load(modelFilesFromDirectory(modelDir));
  try {
    for (const warning of generator.warnings) process.stderr.write(`warning: ${warning}\n`);
    const { motion } = generator.arch;
    const content: VideoSpec['content'] = o.has('ws')
      ? { ws: await readWsFile(o.get('ws')!, generator.arch.numWs, generator.arch.wDim) }
      : o.has('z')
        ? { z: await readFloat32File(o.get('z')!, 'z') }
        : { seed: numberOption(args, 'seed', { integer: true })! };
    let motionSource: VideoSpec['motion'];
    if (o.has('motion-z')) {
      const motionZ = await readFloat32File(o.get('motion-z')!, 'motion_z');
      if (motionZ.length % motion.zDim !== 0) {
        throw new UsageError(`motion_z file has ${motionZ.length} values, not a multiple of the motion code size ${motion.zDim}`);
      }
      motionSource = { motionZ, length: motionZ.length / motion.zDim };
    } else {
      motionSource = { seed: numberOption(args, 'motion-seed', { integer: true })! };
    }
    const spec: VideoSpec = {
      content,
      motion: motionSource,
      psi: numberOption(args, 'psi') ?? 1,
      noiseMode,
      classIndex: numberOption(args, 'class', { integer: true }),
      c: o.has('c') ? await readFloat32File(o.get('c')!, 'c') : undefined,
    };
    const video = generator.prepareVideo(spec);
    try {
      const frames = await video.render(times);
      const [count, height, width] = frames.shape;
      const nhwc = (await frames.data()) as Float32Array;
      if (o.has('out')) {
        const nchw = tf.tidy(() => frames.transpose([0, 3, 1, 2]).dataSync() as Float32Array);
        await writeFile(o.get('out')!, new Uint8Array(nchw.buffer, nchw.byteOffset, nchw.byteLength));
        log(`wrote ${count} frames [${count}, 3, ${height}, ${width}] float32 NCHW to ${o.get('out')}`);
      }
      frames.dispose();
      if (pngPattern) {
        for (let i = 0; i < count; i++) {
          const file = pngPattern.replace('%d', String(i));
          await writeFile(file, encodePngRgb(frameToRgbBytes(nhwc, i, height, width), width, height));
        }
        log(`wrote ${count} PNG frames to ${pngPattern}`);
      }
    } finally {
      video.dispose();
    }
  } finally {
    generator.dispose();
  }
}
