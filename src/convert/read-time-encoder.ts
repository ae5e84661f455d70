/** The official AlignedTimeEncoder (`synthesis.motion_encoder.time_encoder`): code and embedding sizes. */
import { ConvertError } from './errors';
import { attr, child, type State, tensorIn } from './module-tree';

export interface TimeEncoderSettings {
  /** latent_dim (the trajectory code size), when the module records it. */
  codeDim: number | undefined;
  /** time_enc.dim: the number of frequencies. */
  timeEncDim: number;
}

export function readTimeEncoder(motionEncoder: State): TimeEncoderSettings {
  const timeEncoder = child(motionEncoder, 'time_encoder');
  const freqs = tensorIn(timeEncoder, 'freqs');
  if (!timeEncoder || !freqs) {
    throw new ConvertError(
      'unsupported architecture: the motion encoder has no aligned time encoder (freqs buffer)',
      'unsupported-architecture',
      'synthesis.motion_encoder.time_encoder',
    );
  }
  const latent = attr(timeEncoder, 'latent_dim');
  return {
    codeDim: latent === undefined || latent === null ? undefined : (latent as number),
    timeEncDim: freqs.shape[freqs.shape.length - 1] ?? 0,
  };
}
