/**
 * The page's sound: the decoded sounds (kept by SHA-256, so undo and redo between sounds need no new
 * decoding), one AudioContext and its SoundPlayer. The store says which sound the clip has (state/sound-ref);
 * this holds the samples it names. Panels reach it through actions; playback through useSoundSync.
 */
import { type AudioInfo, placedSound } from '../../audio';
import { userMessage } from '../../util';
import { undoable } from '../state/history';
import { placementOf, type SoundRef } from '../state/sound-ref';
import { useStudio } from '../state/store';
import { type LoadedSound, loadSound } from './load-sound';
import { SoundPlayer } from './sound-player';

/** Decoded sounds kept for undo/redo: this one and the one before. */
const KEPT = 2;

const loaded = new Map<string, LoadedSound>();
let context: AudioContext | null = null;
let player: SoundPlayer | null = null;

export function audioContext(): AudioContext {
  context ??= new AudioContext({ latencyHint: 'interactive' });
  return context;
}

export function soundPlayer(): SoundPlayer {
  player ??= new SoundPlayer(audioContext());
  return player;
}

/** The decoded samples of the store's sound, or null when none is chosen or its file is not loaded yet. */
export function loadedSound(ref: SoundRef | null = useStudio.getState().sound): LoadedSound | null {
  return ref ? (loaded.get(ref.sha256) ?? null) : null;
}

/** The store's sound when its file is not loaded here (a project's): a chosen file must be that one. */
export function missingSound(): SoundRef | undefined {
  const ref = useStudio.getState().sound;
  return ref && !loadedSound(ref) ? ref : undefined;
}

const formatOf = (info: AudioInfo) =>
  `${info.codec.startsWith('pcm') ? 'PCM' : info.codec.toUpperCase()} in ${info.container === 'WAVE' ? 'WAV' : info.container}`;

/**
 * Reads a chosen file. With `expected`, the file must be that sound (a project's): another one is refused
 * with one line and nothing changes. Bad files keep the current sound and say why.
 */
export async function addSoundFile(file: File, expected?: SoundRef): Promise<void> {
  const store = useStudio.getState();
  store.update({ soundStatus: { phase: 'busy', label: `Reading ${file.name}`, fraction: 0 } });
  try {
    const sound = await loadSound(file, audioContext(), {
      onProgress: (fraction) =>
        useStudio.getState().update({ soundStatus: { phase: 'busy', label: `Decoding ${file.name}`, fraction } }),
    });
    if (expected && sound.sha256 !== expected.sha256)
      throw new Error(
        `${file.name} is not this project's sound ${JSON.stringify(expected.name)}: its SHA-256 differs. Choose the original file.`,
      );
    loaded.set(sound.sha256, sound);
    for (const key of loaded.keys()) if (loaded.size > KEPT && key !== sound.sha256) loaded.delete(key);
    const ref: SoundRef = {
      name: sound.info.name,
      sha256: sound.sha256,
      duration: sound.info.durationSeconds,
      sampleRate: sound.info.sampleRate,
      channels: sound.info.channels,
      format: formatOf(sound.info),
      // A project's sound keeps the project's placement.
      offset: expected?.offset ?? 0,
      fadeIn: expected?.fadeIn ?? 0,
      fadeOut: expected?.fadeOut ?? 0,
    };
    useStudio.getState().update({ soundStatus: { phase: 'idle' } });
    undoable(() => useStudio.getState().update({ sound: ref }));
  } catch (error) {
    useStudio.getState().update({ soundStatus: { phase: 'error', message: userMessage(error) } });
  }
}

/** The export's sound for positions [from, from + seconds) of the clip, or undefined without a loaded sound. */
export function exportSound(fromSeconds: number, seconds: number) {
  const s = useStudio.getState();
  const sound = loadedSound(s.sound);
  if (!s.sound || !sound) return undefined;
  return placedSound(sound.audio, placementOf(s.sound), s.clipSeconds, fromSeconds, seconds);
}
