/**
 * Which codec and container an export uses: H.264 (Baseline, `avc1.42001f` up to 720p-sized frames) in MP4
 * when the browser's VideoEncoder supports it, VP9 in WebM otherwise.
 */
export type Container = 'mp4' | 'webm';

export interface EncodingRequest {
  /** Frame size as rendered. */
  width: number;
  height: number;
  fps: number;
  /** Target bits per second. */
  bitrate: number;
}

export interface EncodingChoice {
  container: Container;
  /** Mediabunny's codec name for the muxer. */
  codec: 'avc' | 'vp9';
  /** What the person is told: "H.264", "VP9". */
  label: string;
  extension: '.mp4' | '.webm';
  mimeType: 'video/mp4' | 'video/webm';
  /** The VideoEncoder configuration (coded size may be padded to even numbers for H.264). */
  config: VideoEncoderConfig;
}

/** `VideoEncoder.isConfigSupported`, or a stand-in in tests. */
export type ConfigSupportCheck = (config: VideoEncoderConfig) => Promise<{ supported?: boolean }>;

/** H.264 Baseline levels: [level_idc, max macroblocks per frame, max macroblocks per second]. */
const AVC_LEVELS: ReadonlyArray<readonly [number, number, number]> = [
  [0x1f, 3600, 108_000], // 3.1: 1280x720 at 30
  [0x28, 8192, 245_760], // 4.0: 2048x1024 at 30
  [0x32, 22_080, 589_824], // 5.0
  [0x33, 36_864, 983_040], // 5.1: 4096x2304 at 26
  [0x34, 36_864, 2_073_600], // 5.2: 4096x2304 at 56
];

/** `avc1.42001f` (Baseline profile 0x42, level 3.1) for small frames, a higher level when needed. */
export function avcCodecString(width: number, height: number, fps: number): string {
  const macroblocks = Math.ceil(width / 16) * Math.ceil(height / 16);
  const level =
    AVC_LEVELS.find(([, maxFrame, maxRate]) => macroblocks <= maxFrame && macroblocks * fps <= maxRate) ??
    AVC_LEVELS[AVC_LEVELS.length - 1]!;
  return `avc1.4200${level[0].toString(16).padStart(2, '0')}`;
}

/** H.264 with 4:2:0 chroma needs even sizes: odd sizes grow by one pixel (the frame's edge is repeated). */
export function evenSize(n: number): number {
  return n % 2 === 0 ? n : n + 1;
}

/** The candidates in order of preference. */
export function encodingCandidates(request: EncodingRequest): EncodingChoice[] {
  const common = {
    framerate: request.fps,
    bitrate: Math.round(request.bitrate),
    bitrateMode: 'variable',
    latencyMode: 'quality',
  } as const;
  const width = evenSize(request.width);
  const height = evenSize(request.height);
  return [
    {
      container: 'mp4',
      codec: 'avc',
      label: 'H.264',
      extension: '.mp4',
      mimeType: 'video/mp4',
      config: { ...common, codec: avcCodecString(width, height, request.fps), width, height, avc: { format: 'avc' } },
    },
    {
      container: 'webm',
      codec: 'vp9',
      label: 'VP9',
      extension: '.webm',
      mimeType: 'video/webm',
      config: { ...common, codec: 'vp09.00.10.08', width: request.width, height: request.height },
    },
  ];
}

/** The first candidate the encoder supports; throws when none is (no WebCodecs, or neither codec). */
export async function chooseEncoding(
  request: EncodingRequest,
  isConfigSupported?: ConfigSupportCheck,
): Promise<EncodingChoice> {
  const check = isConfigSupported ?? browserSupportCheck();
  const tried: string[] = [];
  for (const candidate of encodingCandidates(request)) {
    tried.push(`${candidate.label} (${candidate.config.codec})`);
    let supported = false;
    try {
      supported = (await check(candidate.config)).supported === true;
    } catch {
      supported = false; // a malformed or unknown config counts as unsupported
    }
    if (supported) return candidate;
  }
  throw new Error(
    `This browser cannot encode ${request.width}×${request.height} video with ${tried.join(' or ')}; try Chromium, or a smaller size.`,
  );
}

function browserSupportCheck(): ConfigSupportCheck {
  if (typeof VideoEncoder === 'undefined') {
    throw new Error(
      'This browser has no WebCodecs VideoEncoder; export needs a recent Chromium, Edge, Safari or Firefox.',
    );
  }
  return (config) => VideoEncoder.isConfigSupported(config);
}

/**
 * A bitrate that keeps generator detail (about 0.3 bits per pixel per frame), at least 1 Mbit/s (tiny frames
 * then encode nearly losslessly) and at most 50 Mbit/s.
 */
export function suggestedBitrate(width: number, height: number, fps: number): number {
  const bitsPerSecond = width * height * fps * 0.3;
  return Math.min(50e6, Math.max(1e6, Math.round(bitsPerSecond / 1e5) * 1e5));
}
