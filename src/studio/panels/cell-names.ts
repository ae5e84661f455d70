/** What the grid's cells and the filmstrip's thumbnails are called (their buttons' accessible names). */

/** A grid cell's content: the projected picture in column 0 when there is one, else the column's seed. */
export function cellContentName(contentSeed: number, projected: boolean, col: number): string {
  return projected && col === 0 ? 'picture' : String(contentSeed + col);
}

/** "Content 3, motion 5" (or "Picture, motion 5"): the pair a click on the cell opens in the Video view. */
export function gridCellName(
  s: { contentSeed: number; motionSeed: number; projected: boolean },
  row: number,
  col: number,
): string {
  const content = cellContentName(s.contentSeed, s.projected, col);
  return `${content === 'picture' ? 'Picture' : `Content ${content}`}, motion ${s.motionSeed + row}`;
}

/** "Frame at 12.5 frames": a thumbnail by the t a click on it seeks to (training frames, 2 decimals at most). */
export function thumbnailName(t: number): string {
  return `Frame at ${Number(t.toFixed(2))} frames`;
}
