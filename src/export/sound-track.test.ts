import { describe, expect, it } from 'vitest';
import { chooseSoundCodec } from './sound-track';

describe('the codec a clip sound is exported with', () => {
  const only = (codecs: string[]) => async (codec: string) => codecs.includes(codec);

  it('is AAC at the sound own rate in MP4 where the browser encodes AAC', async () => {
    expect(await chooseSoundCodec('mp4', 44_100, 2, only(['aac', 'opus']))).toEqual({
      codec: 'aac',
      label: 'AAC',
      sampleRate: 44_100,
      channels: 2,
    });
  });

  it('is Opus at 48 kHz where there is no AAC encoder, and always in WebM', async () => {
    expect(await chooseSoundCodec('mp4', 44_100, 1, only(['opus']))).toMatchObject({
      codec: 'opus',
      sampleRate: 48_000,
      channels: 1,
    });
    expect(await chooseSoundCodec('webm', 44_100, 2, only(['aac', 'opus']))).toMatchObject({ codec: 'opus' });
  });

  it('mixes more than two channels to stereo, and is null when nothing encodes', async () => {
    expect(await chooseSoundCodec('mp4', 48_000, 6, only(['aac']))).toMatchObject({ channels: 2 });
    expect(await chooseSoundCodec('mp4', 48_000, 2, only([]))).toBeNull();
  });
});
