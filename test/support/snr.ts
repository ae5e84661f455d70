/** Signal-to-noise ratio of a decoded sound against the reference it should equal, in dB. */
export function snrDb(reference: Float32Array, decoded: Float32Array): number {
  const n = Math.min(reference.length, decoded.length);
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < n; i++) {
    const r = reference[i] as number;
    signal += r * r;
    noise += (r - (decoded[i] as number)) ** 2;
  }
  return 10 * Math.log10(signal / Math.max(noise, 1e-30));
}

/** The lag (in samples, within ±maxLag) that best lines `decoded` up with `reference` (encoder priming). */
export function bestLag(reference: Float32Array, decoded: Float32Array, maxLag: number): number {
  let best = 0;
  let bestScore = -Infinity;
  const n = Math.min(reference.length, decoded.length) - maxLag;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let score = 0;
    for (let i = maxLag; i < n; i += 4) score += (reference[i] as number) * ((decoded[i + lag] ?? 0) as number);
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}
