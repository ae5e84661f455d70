import { isPresetName, PRESETS, presetArchitecture, writeRandomModel } from '../model';
import { assertKnownOptions, type ParsedArgs, seedOption, UsageError } from './args';
import { withOutputs } from './outputs';

export const RANDOM_USAGE = `random <${Object.keys(PRESETS).join('|')}> <model-dir> [--seed N] [--fp16]`;

export async function randomCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  assertKnownOptions(args, ['seed', 'fp16', 'backend']);
  const [preset, modelDir] = args.positional;
  if (!preset || !modelDir || args.positional.length !== 2) throw new UsageError(`usage: ${RANDOM_USAGE}`);
  if (!isPresetName(preset))
    throw new UsageError(`unknown preset "${preset}" (presets: ${Object.keys(PRESETS).join(', ')})`);
  const arch = presetArchitecture(PRESETS[preset]);
  const seed = seedOption(args, 'seed') ?? 0;
  const model = await withOutputs('writing the model', modelDir, async (outputs) =>
    writeRandomModel(arch, (await outputs.folder(modelDir)).sink, {
      name: `${preset} (random weights)`,
      seed,
      fp16: args.flags.has('fp16'),
    }),
  );
  const params = model.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  log(
    `wrote ${preset}: ${arch.imgResolution}x${arch.imgResolution}, ${(params / 1e6).toFixed(1)}M parameters, to ${modelDir}`,
  );
}
