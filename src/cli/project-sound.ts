/**
 * Which sound a rendered project's MP4 gets: `--audio FILE` (from clip time 0, as it is), or the project's
 * own, found beside the project file by its name and checked by its SHA-256 (another file of that name is
 * refused, not used), placed as the project says. None when the project has none and no --audio is given.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type AudioPlacement, NO_PLACEMENT } from '../audio';
import type { Project } from '../authoring';
import { escapeUnsafe, quoteText } from '../util';
import { UsageError } from './args';

export interface SoundChoice {
  path: string;
  placement: AudioPlacement;
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function projectSound(
  projectPath: string,
  project: Project,
  audioOption: string | undefined,
): Promise<SoundChoice | null> {
  if (audioOption !== undefined) return { path: audioOption, placement: NO_PLACEMENT };
  const sound = project.sound;
  if (!sound) return null;
  const path = join(dirname(projectPath), sound.name);
  const name = quoteText(sound.name);
  const found = await stat(path).catch(() => null);
  if (!found?.isFile())
    throw new UsageError(
      `the project's sound ${name} is not beside ${escapeUnsafe(projectPath)}: put it there, or give --audio FILE`,
    );
  if ((await fileSha256(path)) !== sound.sha256)
    throw new UsageError(
      `${name} beside the project is not the project's sound (its SHA-256 differs): put the original there, or give --audio FILE`,
    );
  return { path, placement: { offset: sound.offset, fadeIn: sound.fadeIn, fadeOut: sound.fadeOut } };
}
