import { useNodeBackend } from '../engine/node';
import { userMessage } from '../util';
import { parseArgs, UsageError } from './args';
import { CONVERT_USAGE, convertCommand } from './convert-command';
import { INFO_USAGE, infoCommand } from './info-command';
import { PROJECT_USAGE, projectCommand } from './project-command';
import { RANDOM_USAGE, randomCommand } from './random-command';
import { RENDER_USAGE, renderCommand } from './render-command';

const USAGE = `usage: stylegan-v <command> ...
  ${CONVERT_USAGE}
  ${INFO_USAGE}
  ${RENDER_USAGE}
  ${RANDOM_USAGE}
  ${PROJECT_USAGE}`;

/** Runs the CLI; returns the exit code. Errors are one line on stderr, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (!command || command === '--help' || command === 'help') {
      log(USAGE);
      return command ? 0 : 2;
    }
    const args = parseArgs(rest, ['fp16']);
    if (command !== 'info') await useNodeBackend(args.options.get('backend') === 'cpu' ? 'cpu' : 'wasm');
    switch (command) {
      case 'convert':
        await convertCommand(args, log);
        return 0;
      case 'info':
        await infoCommand(args, log);
        return 0;
      case 'render':
        await renderCommand(args, log);
        return 0;
      case 'random':
        await randomCommand(args, log);
        return 0;
      case 'project':
        await projectCommand(args, log);
        return 0;
      default:
        throw new UsageError(
          `unknown command "${command}" (commands: convert, info, render, random, project; see --help)`,
        );
    }
  } catch (error) {
    process.stderr.write(`stylegan-v: ${userMessage(error)}\n`);
    if (process.env.STYLEGAN_V_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
