import { build } from 'esbuild';

/** `entry` bundled into one script that defines `globalName` (for a page or a worker). */
export async function bundleScript(entry: string, globalName: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}
