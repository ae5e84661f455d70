import type { StudioState } from '../../state/store';

/** The parts of the studio's state that change what is rendered or where it is drawn. */
export const RENDER_INPUTS: ReadonlyArray<keyof StudioState> = [
  't',
  'model',
  'modelId',
  'contentSeed',
  'contentWs',
  'motionSeed',
  'classIndex',
  'psi',
  'edits',
  'editRanges',
  'mixSeed',
  'mixRange',
  'showOriginal',
  'directionSigmas',
  'view',
  'gridSize',
  'playing',
  'loopStart',
  'loopEnd',
  'playbackFps',
  'speed',
  'mainCanvas',
  'thumbnailCanvases',
  'gridCanvases',
];
