/** The lines the person sees about versions. */
import type { VersionReply } from './messages';

export const UPDATE_READY = 'A new version of the studio was downloaded: it opens on the next load';

/** The notice for a page that runs `reply`'s version when the last one seen was `previous` (null: none yet). */
export function describeUpdate(previous: string | null, reply: VersionReply): string | null {
  if (!previous || previous === reply.version) return null;
  return `The studio was updated to a new version (${reply.version})`;
}
