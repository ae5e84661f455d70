/** What the grid's cells and the filmstrip's thumbnails are called (their buttons' accessible names). */

/** A grid cell's content: the projected picture in column 0 when there is one, else the column's seed. */
export function cellContentName(contentSeed: number, projected: boolean, col: number): string {
  return projected && col === 0 ? 'picture' : String(contentSeed + col);
}

/** A grid row's motion: the fitted motion in row 0 when there is one ("fitted"), else the row's seed. */
export function cellMotionName(motionSeed: number, fitted: boolean, row: number): string {
  return fitted && row === 0 ? 'fitted' : String(motionSeed + row);
}

/**
 * "Content 3, motion 5" (or "Picture, motion 5", "Content 3, fitted motion"): the pair a click on the cell
 * opens in the Video view.
 */
export function gridCellName(
  s: { contentSeed: number; motionSeed: number; projected: boolean; fittedMotion?: boolean },
  row: number,
  col: number,
): string {
  const content = cellContentName(s.contentSeed, s.projected, col);
  const motion = cellMotionName(s.motionSeed, s.fittedMotion ?? false, row);
  return `${content === 'picture' ? 'Picture' : `Content ${content}`}, ${motion === 'fitted' ? 'fitted motion' : `motion ${motion}`}`;
}

/** "Frame at 12.5 frames": a thumbnail by the t a click on it seeks to (training frames, 2 decimals at most). */
export function thumbnailName(t: number): string {
  return `Frame at ${Number(t.toFixed(2))} frames`;
}
