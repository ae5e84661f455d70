/** The error an export rejects with when it is canceled. */
export function abortError(): DOMException {
  return new DOMException('The export was canceled.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}
