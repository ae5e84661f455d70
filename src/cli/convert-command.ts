import { stat } from 'node:fs/promises';
import { convertSnapshot } from '../convert';
import { FileByteSource } from '../convert/node';
import { modelNameProblem } from '../model';
import { assertKnownOptions, type ParsedArgs, UsageError } from './args';
import { withOutputs } from './outputs';

export const CONVERT_USAGE = 'convert <snapshot.pkl> <model-dir> [--fp16] [--name NAME]';

/** Opens a snapshot for reading with a one-line error instead of an ENOENT stack; only a plain file is read. */
export async function openSnapshot(file: string): Promise<FileByteSource> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new UsageError(`cannot open ${file}: no such file`);
  if (info.isDirectory())
    throw new UsageError(
      `${file} is a folder, not a checkpoint: give the network-snapshot-*.pkl file (a converted model folder is used with info and render)`,
    );
  if (!info.isFile())
    throw new UsageError(`${file} is not a regular file (a device or pipe): give the network-snapshot-*.pkl file`);
  try {
    return await FileByteSource.open(file);
  } catch {
    throw new UsageError(`cannot open ${file}`);
  }
}

/** Converts a snapshot into a model folder; on any failure nothing is left at `<model-dir>`. */
export async function convertCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  assertKnownOptions(args, ['fp16', 'name', 'backend']);
  const [snapshot, modelDir] = args.positional;
  if (!snapshot || !modelDir || args.positional.length !== 2) throw new UsageError(`usage: ${CONVERT_USAGE}`);
  const name = args.options.get('name');
  const nameProblem = name === undefined ? undefined : modelNameProblem(name);
  if (nameProblem) throw new UsageError(`--name is ${nameProblem} (got ${[...name!].length})`);
  const source = await openSnapshot(snapshot);
  const started = performance.now();
  let lastPercent = -1;
  const interactive = process.stderr.isTTY;
  try {
    const result = await withOutputs('conversion', modelDir, async (outputs) => {
      const staged = await outputs.folder(modelDir);
      return convertSnapshot(source, staged.sink, {
        fp16: args.flags.has('fp16'),
        name,
        onProgress: ({ phase, bytesDone, bytesTotal }) => {
          const percent = bytesTotal > 0 ? Math.floor((100 * bytesDone) / bytesTotal) : 100;
          if (interactive && percent !== lastPercent) process.stderr.write(`\r${phase} ${percent}%   `);
          lastPercent = percent;
        },
      });
    }).finally(() => {
      if (interactive) process.stderr.write('\r\x1b[K');
    });
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    const arch = result.model.architecture;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `converted ${snapshot} -> ${modelDir}: ${arch.imgResolution}x${arch.imgResolution}, ` +
        `${result.tensorCount} tensors, ${(result.weightBytes / 1e6).toFixed(1)} MB${args.flags.has('fp16') ? ' (float16)' : ''}, ${seconds} s`,
    );
  } finally {
    await source.close();
  }
}
