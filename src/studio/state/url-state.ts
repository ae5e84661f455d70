/**
 * Links: every value of the table under its key (defaults left out), numbers as short as they round-trip.
 * A link is read against the loaded model's limits: an out-of-range value is clamped as the UI clamps it,
 * a value that is not one (a seed that is not a whole number 0..2^32-1, text) is refused, and each is named.
 */
import type { LayerRange } from '../../latent';
import { decodeWs } from '../render/shared/content-ws';
import { withLinkProject } from '../tracks/project-link';
import { clampRange } from './actions';
import {
  clampTo,
  type Limits,
  type NumberSpec,
  parseDecimal,
  rangeText,
  roundTo,
  VALUES,
  VIEWS,
  type View,
  ZOOMS,
} from './values';
import { defaultVideoState, NUM_DIRECTIONS, type VideoState } from './video-state';

/** Compact text for a layer range: "coarse", "middle", "fine", "all" or "3-7". */
function encodeRange(range: LayerRange): string {
  return range.group === 'explicit' ? `${range.first}-${range.last}` : range.group;
}

const num = (spec: NumberSpec, value: number) => String(roundTo(spec, value));

/**
 * The URL hash for a state (without '#'): only values that differ from the defaults, so links stay short;
 * `project`: the keyframe project as the `project=` value (project-link.ts), when the link carries one.
 */
export function encodeHash(state: VideoState, project?: string): string {
  const d = defaultVideoState(state.modelId);
  const p = new URLSearchParams();
  p.set('model', state.modelId);
  const put = (name: keyof typeof VALUES & keyof VideoState, value = state[name] as number) => {
    const spec = VALUES[name];
    if (spec.url && value !== d[name]) p.set(spec.url, num(spec, value));
  };
  put('contentSeed');
  if (state.contentWs !== null) p.set('ws', state.contentWs);
  put('motionSeed');
  if (state.motionZ !== null) p.set('motionZ', state.motionZ);
  put('classIndex');
  put('psi');
  p.set('t', num(VALUES.t, state.t));
  put('playbackFps');
  put('speed');
  put('clipSeconds');
  put('loopStart');
  put('loopEnd');
  if (state.edits.some((e) => e !== 0)) p.set('edits', state.edits.map((e) => num(VALUES.edit, e)).join(','));
  if (state.editRanges.some((r) => r.group !== 'all')) p.set('ranges', state.editRanges.map(encodeRange).join(','));
  if (state.mixSeed !== null) {
    p.set('mix', num(VALUES.mixSeed, state.mixSeed));
    p.set('mixRange', encodeRange(state.mixRange));
  }
  if (state.view !== d.view) p.set('view', state.view);
  put('gridSize');
  put('zoom');
  if (project) p.set('project', project);
  return p.toString();
}

function params(hash: string): URLSearchParams {
  return new URLSearchParams(hash.replace(/^#/, ''));
}

/**
 * The model a link names: its model=, else `url:<model-url>` for a link that only gives a download, else the
 * fallback.
 */
export function linkModel(hash: string, fallbackModelId: string): string {
  const p = params(hash);
  const url = p.get('model-url');
  return p.get('model') || (url ? `url:${url}` : fallbackModelId);
}

/** A link's model-url= (a .pkl or model.json to download when this browser lacks the model), or null. */
export function linkModelUrl(hash: string): string | null {
  return params(hash).get('model-url') || null;
}

export interface DecodedLink {
  state: VideoState;
  /** One line per value the link asked for that was clamped or refused. */
  problems: string[];
}

const quoted = (text: string) => JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);

/** A state from a URL hash, within the limits of the model it is applied to, and what had to change. */
export function decodeLink(hash: string, fallbackModelId: string, model: Limits | null): DecodedLink {
  const p = params(hash);
  const d = defaultVideoState(linkModel(hash, fallbackModelId));
  const problems: string[] = [];
  const l: Limits = model ?? { trainingFps: 25, numWs: 1, cDim: 0, clipSeconds: 0, loopStart: 0, loopEnd: 0 };
  const read = (spec: NumberSpec, text: string | null, fallback: number, at: Limits, what = spec.url!): number => {
    if (text === null) return fallback;
    const value = parseDecimal(text);
    const seed = spec.exact === true;
    if (value === null || (seed && !(Number.isInteger(value) && value >= spec.min(at) && value <= spec.max(at)))) {
      const must = seed ? `a whole number ${rangeText(spec, at)}` : 'a number';
      problems.push(`The link's ${what}=${quoted(text)} is not ${must}: using ${fallback}`);
      return fallback;
    }
    const clamped = clampTo(spec, value, at);
    if (value < spec.min(at) || value > spec.max(at))
      problems.push(
        `The link's ${what}=${quoted(text)} is outside ${spec.label} ${rangeText(spec, at)}: using ${clamped}`,
      );
    return clamped;
  };
  const readRange = (text: string | undefined, fallback: LayerRange, what: string): LayerRange => {
    if (!text) return fallback;
    if (text === 'coarse' || text === 'middle' || text === 'fine' || text === 'all')
      return { group: text, first: 0, last: 0 };
    const match = /^(\d+)-(\d+)$/.exec(text);
    if (!match || Number(match[1]) > Number(match[2])) {
      problems.push(
        `The link's ${what} ${quoted(text)} is not a layer group or a ws range first-last: using ${encodeRange(fallback)}`,
      );
      return fallback;
    }
    const range: LayerRange = { group: 'explicit', first: Number(match[1]), last: Number(match[2]) };
    const clamped = clampRange(range, l);
    if (clamped.first !== range.first || clamped.last !== range.last)
      problems.push(
        `The link's ${what} ${quoted(text)} is outside the model's ws 0-${l.numWs - 1}: using ${encodeRange(clamped)}`,
      );
    return clamped;
  };

  const clipSeconds = read(VALUES.clipSeconds, p.get('clip'), d.clipSeconds, l);
  const clip = { ...l, clipSeconds };
  const loopEnd = read(
    VALUES.loopEnd,
    p.get('loopEnd'),
    clampTo(VALUES.loopEnd, d.loopEnd, { ...clip, loopStart: 0 }),
    {
      ...clip,
      loopStart: 0,
    },
  );
  const loopStart = read(VALUES.loopStart, p.get('loopStart'), d.loopStart, { ...clip, loopEnd });
  const at: Limits = { ...clip, loopStart, loopEnd };
  const ws = p.get('ws');
  if (ws !== null && decodeWs(ws) === null)
    problems.push("The link's projected picture (ws=…) is damaged or cut short: showing the content seed instead");
  const motionZ = p.get('motionZ');
  if (motionZ !== null && decodeWs(motionZ) === null)
    problems.push("The link's fitted motion (motionZ=…) is damaged or cut short: playing the motion seed instead");
  const editTexts = (p.get('edits') ?? '').split(',');
  const rangeTexts = (p.get('ranges') ?? '').split(',');
  const mix = p.get('mix');
  const view = p.get('view');
  if (view !== null && !VIEWS.includes(view as View))
    problems.push(`The link's view=${quoted(view)} is not video or grid`);
  const zoom = read(VALUES.zoom, p.get('zoom'), d.zoom, at);
  const project = p.get('project');
  const decoded: DecodedLink = {
    problems,
    state: {
      ...d,
      contentSeed: read(VALUES.contentSeed, p.get('content'), d.contentSeed, at),
      contentWs: ws !== null && decodeWs(ws) !== null ? ws : null,
      motionSeed: read(VALUES.motionSeed, p.get('motion'), d.motionSeed, at),
      motionZ: motionZ !== null && decodeWs(motionZ) !== null ? motionZ : null,
      classIndex: read(VALUES.classIndex, p.get('class'), d.classIndex, at),
      psi: read(VALUES.psi, p.get('psi'), d.psi, at),
      t: read(VALUES.t, p.get('t'), d.t, at),
      playbackFps: read(VALUES.playbackFps, p.get('fps'), d.playbackFps, at),
      speed: read(VALUES.speed, p.get('speed'), d.speed, at),
      clipSeconds,
      loopStart,
      loopEnd,
      edits: Array.from({ length: NUM_DIRECTIONS }, (_, i) =>
        editTexts[i] ? read(VALUES.edit, editTexts[i]!, 0, at, `edits[${i + 1}]`) : 0,
      ),
      editRanges: Array.from({ length: NUM_DIRECTIONS }, (_, i) =>
        readRange(rangeTexts[i], d.editRanges[i]!, `ranges[${i + 1}]`),
      ),
      mixSeed: mix === null ? null : read(VALUES.mixSeed, mix, d.contentSeed + 1, at),
      mixRange: readRange(p.get('mixRange') ?? undefined, d.mixRange, 'mixRange'),
      view: view === 'grid' ? 'grid' : 'video',
      gridSize: read(VALUES.gridSize, p.get('grid'), d.gridSize, at),
      zoom: ZOOMS.includes(zoom) ? zoom : d.zoom,
    },
  };
  if (project === null) return decoded;
  const opened = withLinkProject(decoded.state, project);
  if (opened.problem) problems.push(opened.problem);
  return { problems, state: opened.state };
}
