/** How far a conversion is; the same events in-process and from the conversion worker. */
export interface ConvertProgress {
  /** 'parse': walking the pickle (bytes of the snapshot); 'weights': writing G_ema (bytes of output). */
  phase: 'parse' | 'weights' | 'done';
  bytesDone: number;
  bytesTotal: number;
}
