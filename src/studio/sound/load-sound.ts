/**
 * A sound file chosen in the page: its header checked (the audio package's one-line messages), its SHA-256
 * (a project names its sound by it), decoded straight into an AudioBuffer (held once, for playback, peaks and
 * export alike), with progress and cancel.
 */
import { type AudioInfo, audioFromBlob, type DecodedAudio, decodeAudio, openAudio, soundPeaks } from '../../audio';

export interface LoadedSound {
  info: AudioInfo;
  sha256: string;
  buffer: AudioBuffer;
  /** The buffer's channels, as the audio package reads them. */
  audio: DecodedAudio;
  peaks: Float32Array;
}

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function loadSound(
  file: File,
  context: BaseAudioContext,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<LoadedSound> {
  const opened = await openAudio(audioFromBlob(file));
  try {
    let buffer: AudioBuffer | null = null;
    const audio = await decodeAudio(opened, {
      ...options,
      allocate: (channels, length) => {
        buffer = context.createBuffer(channels, Math.max(1, length), opened.info.sampleRate);
        return Array.from({ length: channels }, (_, c) => (buffer as AudioBuffer).getChannelData(c));
      },
    });
    options.signal?.throwIfAborted();
    const sha256 = await sha256Hex(file);
    return { info: opened.info, sha256, buffer: buffer as unknown as AudioBuffer, audio, peaks: soundPeaks(audio) };
  } finally {
    opened.input.dispose();
  }
}
