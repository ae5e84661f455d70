import type { FileNameParts } from '../../export';
import { wsDigest } from '../render/shared/content-ws';
import type { VideoState } from '../state/video-state';

/** What a file name says the content is: the content seed, or the projected picture when ws replace it. */
export function fileNameContent(state: Pick<VideoState, 'contentSeed' | 'contentWs'>): FileNameParts['content'] {
  if (state.contentWs === null) return { seed: state.contentSeed };
  return { pictureDigest: wsDigest(state.contentWs).slice(0, 8) };
}

/** What a file name says the motion is: the motion seed, or the fitted motion (a short digest of its rows). */
export function fileNameMotion(
  state: Pick<VideoState, 'motionSeed' | 'motionZ'>,
): Pick<FileNameParts, 'motionSeed' | 'motionDigest'> {
  if (state.motionZ === null) return { motionSeed: state.motionSeed };
  return { motionSeed: state.motionSeed, motionDigest: wsDigest(state.motionZ).slice(0, 8) };
}
