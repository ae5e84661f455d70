import { userMessage } from '../util';
import { type ParsedArgs, parseArgs, UsageError } from './args';

type Command = (args: ParsedArgs, log: (line: string) => void) => Promise<void>;

// Each command is loaded when it runs: `render` then starts its threads without loading TensorFlow.js here.
const COMMANDS: Record<string, () => Promise<Command>> = {
  convert: async () => (await import('./convert-command')).convertCommand,
  info: async () => (await import('./info-command')).infoCommand,
  render: async () => (await import('./render-command')).renderCommand,
  'render-project': async () => (await import('./render-project-command')).renderProjectCommand,
  random: async () => (await import('./random-command')).randomCommand,
  project: async () => (await import('./project-command')).projectCommand,
  'project-video': async () => (await import('./project-video-command')).projectVideoCommand,
  generate: async () => (await import('./generate-command')).generateCommand,
};

async function usage(): Promise<string> {
  const [convert, info, render, renderProject, random, project, projectVideo, generate] = await Promise.all([
    import('./convert-command'),
    import('./info-command'),
    import('./render-command'),
    import('./render-project-command'),
    import('./random-command'),
    import('./project-command'),
    import('./project-video-command'),
    import('./generate-plan'),
  ]);
  return `usage: stylegan-v <command> ...
  ${convert.CONVERT_USAGE}
  ${info.INFO_USAGE}
  ${render.RENDER_USAGE}
  ${renderProject.RENDER_PROJECT_USAGE}
  ${random.RANDOM_USAGE}
  ${project.PROJECT_USAGE}
  ${projectVideo.PROJECT_VIDEO_USAGE}
  ${generate.GENERATE_USAGE}`;
}

/**
 * The last word on anything that escapes a command (an unhandled rejection, an exception in a callback):
 * one line and exit 1. These listeners run before the ones tfjs-wasm's Emscripten glue adds, which would
 * rethrow and make Node print the glue's minified source.
 */
let catching = false;

export function catchEscapes(): void {
  if (catching) return;
  catching = true;
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    process.prependListener(event, (error: unknown) => {
      process.stderr.write(`stylegan-v: ${userMessage(error)}\n`);
      if (process.env.STYLEGAN_V_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    });
  }
}

/** Runs the CLI; returns the exit code. Errors are one line on stderr, never a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  catchEscapes();
  const [command, ...rest] = argv;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (!command || command === '--help' || command === 'help') {
      log(await usage());
      return command ? 0 : 2;
    }
    const args = parseArgs(rest, ['fp16', 'as-grids', 'moco-decomposition']);
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load)
      throw new UsageError(
        `unknown command "${command}" (commands: convert, info, render, render-project, random, project, project-video, generate; see --help)`,
      );
    // info needs no backend; render's (and render-project's) threads set up their own.
    if (command !== 'info' && command !== 'render' && command !== 'render-project') {
      const { useNodeBackend } = await import('../engine/node');
      await useNodeBackend(args.options.get('backend') === 'cpu' ? 'cpu' : 'wasm');
    }
    await (await load!())(args, log);
    return 0;
  } catch (error) {
    process.stderr.write(`stylegan-v: ${userMessage(error)}\n`);
    if (process.env.STYLEGAN_V_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
