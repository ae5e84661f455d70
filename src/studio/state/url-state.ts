import type { LayerRange } from '../../latent';
import { decodeWs } from './content-ws';
import { defaultVideoState, NUM_DIRECTIONS, type VideoState } from './video-state';

/** Compact text for a layer range: "coarse", "middle", "fine", "all" or "3-7". */
function encodeRange(range: LayerRange): string {
  return range.group === 'explicit' ? `${range.first}-${range.last}` : range.group;
}

function decodeRange(text: string | undefined, fallback: LayerRange): LayerRange {
  if (!text) return fallback;
  if (text === 'coarse' || text === 'middle' || text === 'fine' || text === 'all')
    return { group: text, first: 0, last: 0 };
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match) return fallback;
  const first = Number(match[1]);
  const last = Number(match[2]);
  return first <= last ? { group: 'explicit', first, last } : fallback;
}

/** The URL hash for a state (without '#'): only values that differ from the defaults, so links stay short. */
export function encodeHash(state: VideoState): string {
  const d = defaultVideoState(state.modelId);
  const p = new URLSearchParams();
  p.set('model', state.modelId);
  const put = (key: string, value: number, fallback: number) => {
    if (value !== fallback) p.set(key, String(value));
  };
  put('content', state.contentSeed, d.contentSeed);
  if (state.contentWs !== null) p.set('ws', state.contentWs);
  put('motion', state.motionSeed, d.motionSeed);
  put('class', state.classIndex, d.classIndex);
  put('psi', state.psi, d.psi);
  p.set('t', String(state.t));
  put('fps', state.playbackFps, d.playbackFps);
  put('speed', state.speed, d.speed);
  put('clip', state.clipSeconds, d.clipSeconds);
  put('loopStart', state.loopStart, d.loopStart);
  put('loopEnd', state.loopEnd, d.loopEnd);
  if (state.edits.some((e) => e !== 0)) p.set('edits', state.edits.join(','));
  if (state.editRanges.some((r) => r.group !== 'all')) p.set('ranges', state.editRanges.map(encodeRange).join(','));
  if (state.mixSeed !== null) {
    p.set('mix', String(state.mixSeed));
    p.set('mixRange', encodeRange(state.mixRange));
  }
  return p.toString();
}

function finite(
  text: string | null,
  fallback: number,
  { min = -Infinity, max = Infinity, integer = false } = {},
): number {
  if (text === null || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) return fallback;
  return Math.min(max, Math.max(min, value));
}

/** A state from a URL hash; malformed values fall back to defaults instead of breaking the page. */
export function decodeHash(hash: string, fallbackModelId: string): VideoState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const d = defaultVideoState(p.get('model') || fallbackModelId);
  const edits = (p.get('edits') ?? '').split(',').map((v) => finite(v, 0, { min: -10, max: 10 }));
  const ranges = (p.get('ranges') ?? '').split(',');
  const mix = p.get('mix');
  const ws = p.get('ws');
  return {
    ...d,
    contentSeed: finite(p.get('content'), d.contentSeed, { integer: true, min: 0, max: 2 ** 31 - 1 }),
    contentWs: ws !== null && decodeWs(ws) !== null ? ws : null,
    motionSeed: finite(p.get('motion'), d.motionSeed, { integer: true, min: 0, max: 2 ** 31 - 1 }),
    classIndex: finite(p.get('class'), d.classIndex, { integer: true, min: 0 }),
    psi: finite(p.get('psi'), d.psi, { min: 0, max: 1.5 }),
    t: finite(p.get('t'), d.t, { min: 0 }),
    playbackFps: finite(p.get('fps'), d.playbackFps, { min: 1, max: 240 }),
    speed: finite(p.get('speed'), d.speed, { min: 0.1, max: 4 }),
    clipSeconds: finite(p.get('clip'), d.clipSeconds, { min: 1, max: 3600 }),
    loopStart: finite(p.get('loopStart'), d.loopStart, { min: 0 }),
    loopEnd: finite(p.get('loopEnd'), d.loopEnd, { min: 0 }),
    edits: Array.from({ length: NUM_DIRECTIONS }, (_, i) => edits[i] ?? 0),
    editRanges: Array.from({ length: NUM_DIRECTIONS }, (_, i) => decodeRange(ranges[i], d.editRanges[i]!)),
    mixSeed: mix === null ? null : finite(mix, 0, { integer: true, min: 0 }),
    mixRange: decodeRange(p.get('mixRange') ?? undefined, d.mixRange),
  };
}

/** What a link asks for that cannot be honoured, for a notice (the rest of the link still applies). */
export function linkProblems(hash: string): string[] {
  const ws = new URLSearchParams(hash.replace(/^#/, '')).get('ws');
  if (ws !== null && decodeWs(ws) === null)
    return ["The link's projected picture (ws=…) is damaged or cut short: showing the content seed instead"];
  return [];
}
