/** n x n tiles (row-major, each `tile` px square) composited into one RGBA image. */
export function compositeTiles(tiles: readonly Uint8ClampedArray[], n: number, tile: number): Uint8ClampedArray {
  if (n === 1) return tiles[0]!;
  const out = new Uint8ClampedArray(tile * n * tile * n * 4);
  tiles.forEach((src, v) => {
    const x0 = (v % n) * tile;
    const y0 = Math.floor(v / n) * tile;
    for (let y = 0; y < tile; y++)
      out.set(src.subarray(y * tile * 4, (y + 1) * tile * 4), ((y0 + y) * tile * n + x0) * 4);
  });
  return out;
}
