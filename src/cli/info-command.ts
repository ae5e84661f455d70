import { stat } from 'node:fs/promises';
import { inspectSnapshot } from '../convert';
import { checkModelJson } from '../model';
import { modelFilesFromDirectory } from '../model/node';
import { assertKnownOptions, type ParsedArgs, UsageError } from './args';
import { openSnapshot } from './convert-command';

export const INFO_USAGE = 'info <snapshot.pkl | model-dir>';

/** Prints the architecture config of a snapshot or a converted model folder as JSON. */
export async function infoCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  assertKnownOptions(args, []);
  const [target] = args.positional;
  if (!target || args.positional.length !== 1) throw new UsageError(`usage: ${INFO_USAGE}`);
  const isDirectory = await stat(target).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDirectory) {
    const model = checkModelJson(await modelFilesFromDirectory(target).readJson());
    log(JSON.stringify(model.architecture, null, 2));
    return;
  }
  const source = await openSnapshot(target);
  try {
    log(JSON.stringify((await inspectSnapshot(source)).architecture, null, 2));
  } finally {
    await source.close();
  }
}
