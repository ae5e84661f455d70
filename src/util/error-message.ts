/** The text to show for anything thrown: an Error's message, or the value itself. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of `errorMessage(error)`, for one-line reports (browser errors carry call logs below it). */
export function firstLineOf(error: unknown): string {
  return errorMessage(error).split('\n')[0] ?? '';
}
