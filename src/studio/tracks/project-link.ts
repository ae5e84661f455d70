/**
 * A project in a link (issue 21): the `project=` hash key holds the project file's JSON as base64url, only
 * when it is at most MAX_LINK_PROJECT_CHARS long (a saved picture's ws or the directions' vectors make it
 * far longer: then the link carries no project and says so).
 */
import type { Direction } from '../../authoring';
import type { ProjectInput } from '../render/shared/studio-project';
import { hasTracks } from '../state/tracks';
import type { VideoState } from '../state/video-state';
import { openProjectText, saveProjectText } from './project-io';

/** The longest `project=` value a link carries. */
export const MAX_LINK_PROJECT_CHARS = 8000;

export function toBase64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text of base64url, or null when it is not base64url of UTF-8. */
export function fromBase64url(value: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return null;
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export type LinkProject = { kind: 'none' } | { kind: 'project'; param: string } | { kind: 'tooBig'; chars: number };

let memo: { tracks: unknown; input: string; result: LinkProject } | null = null;

/** The link's project: none without tracks, else its base64url JSON, or too big for a link. */
export function linkProject(s: ProjectInput, directions: readonly Direction[] | null): LinkProject {
  if (!hasTracks(s.tracks)) return { kind: 'none' };
  // A link cannot carry a sound file, so it names none.
  const text = saveProjectText({ ...s, sound: null }, directions);
  if (memo?.input === text) return memo.result;
  const param = toBase64url(text);
  const result: LinkProject =
    param.length <= MAX_LINK_PROJECT_CHARS ? { kind: 'project', param } : { kind: 'tooBig', chars: param.length };
  memo = { tracks: s.tracks, input: text, result };
  return result;
}

/** The notice for a project too big for a link. */
export function tooBigNotice(chars: number): string {
  return `This project is too big for a link (${Math.ceil(chars / 1000)} k characters; at most ${MAX_LINK_PROJECT_CHARS / 1000} k): the link carries no keyframes. Use Save project to keep them.`;
}

/** What kept from the link when a project comes with it: where the playhead is and how the page shows it. */
const LINK_ONLY: ReadonlyArray<keyof VideoState> = ['t', 'view', 'gridSize', 'zoom', 'speed', 'loopStart', 'loopEnd'];

/** The link's state with its project applied, or the problem that kept the project out. */
export function withLinkProject(
  state: VideoState,
  param: string,
): { state: VideoState; problem?: undefined } | { state: VideoState; problem: string } {
  const text = fromBase64url(param);
  if (text === null)
    return { state, problem: "The link's project=… is damaged (not base64url): it carries no keyframes" };
  try {
    const opened = openProjectText(text, state);
    const keep = Object.fromEntries(LINK_ONLY.map((k) => [k, state[k]]));
    // Without directions in the project, the link's own edits stay.
    const edits = text.includes('"directions":null') ? { edits: state.edits, editRanges: state.editRanges } : {};
    return { state: { ...state, ...opened.state, ...keep, ...edits, modelId: state.modelId } };
  } catch (error) {
    return {
      state,
      problem: `The link's project could not be opened: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
