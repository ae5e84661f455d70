import { describe, expect, it } from 'vitest';
import { avcCodecString, type ConfigSupportCheck, chooseEncoding, evenSize, suggestedBitrate } from './encoder-config';

const request = { width: 64, height: 64, fps: 30, bitrate: 1e6 };
const supporting = (codecPrefix: string | null): ConfigSupportCheck & { seen: VideoEncoderConfig[] } => {
  const seen: VideoEncoderConfig[] = [];
  const check = async (config: VideoEncoderConfig) => {
    seen.push(config);
    return { supported: codecPrefix !== null && config.codec.startsWith(codecPrefix) };
  };
  return Object.assign(check, { seen });
};

describe('codec choice', () => {
  it('prefers H.264 avc1.42001f in MP4 when the encoder supports it', async () => {
    const check = supporting('avc1');
    const choice = await chooseEncoding(request, check);
    expect(choice).toMatchObject({ container: 'mp4', codec: 'avc', extension: '.mp4', mimeType: 'video/mp4' });
    expect(choice.config).toMatchObject({
      codec: 'avc1.42001f',
      width: 64,
      height: 64,
      framerate: 30,
      bitrate: 1e6,
      avc: { format: 'avc' },
    });
    expect(check.seen).toHaveLength(1);
  });

  it('falls back to VP9 in WebM when H.264 is not supported', async () => {
    const check = supporting('vp09');
    const choice = await chooseEncoding(request, check);
    expect(choice).toMatchObject({ container: 'webm', codec: 'vp9', extension: '.webm', mimeType: 'video/webm' });
    expect(choice.config.codec).toBe('vp09.00.10.08');
    expect(check.seen.map((c) => c.codec)).toEqual(['avc1.42001f', 'vp09.00.10.08']);
  });

  it('treats a throwing isConfigSupported as unsupported', async () => {
    const choice = await chooseEncoding(request, async (config) => {
      if (config.codec.startsWith('avc1')) throw new TypeError('bad config');
      return { supported: true };
    });
    expect(choice.codec).toBe('vp9');
  });

  it('says what it tried when nothing is supported', async () => {
    await expect(chooseEncoding(request, supporting(null))).rejects.toThrow(
      /cannot encode 64×64 video with H\.264 \(avc1\.42001f\) or VP9/,
    );
  });

  it('pads odd sizes to even for H.264 only', async () => {
    const odd = { ...request, width: 63, height: 65 };
    expect((await chooseEncoding(odd, supporting('avc1'))).config).toMatchObject({ width: 64, height: 66 });
    expect((await chooseEncoding(odd, supporting('vp09'))).config).toMatchObject({ width: 63, height: 65 });
    expect([evenSize(7), evenSize(8)]).toEqual([8, 8]);
  });

  it('raises the H.264 level only for frames level 3.1 cannot hold', () => {
    expect(avcCodecString(64, 64, 120)).toBe('avc1.42001f');
    expect(avcCodecString(1280, 720, 30)).toBe('avc1.42001f');
    expect(avcCodecString(1024, 1024, 30)).toBe('avc1.420028'); // 4096 macroblocks > 3600
    expect(avcCodecString(1280, 720, 60)).toBe('avc1.420028');
    expect(avcCodecString(1920, 1080, 60)).toBe('avc1.420032');
  });

  it('suggests a bitrate between 1 and 50 Mbit/s', () => {
    expect(suggestedBitrate(64, 64, 30)).toBe(1e6);
    expect(suggestedBitrate(768, 768, 60)).toBe(10.6e6);
    expect(suggestedBitrate(4096, 4096, 240)).toBe(50e6);
  });
});
