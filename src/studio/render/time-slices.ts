/** Thrown from a render's `between` hook when a newer request made the render stale. */
export class RenderSuperseded extends Error {
  constructor() {
    super('render superseded by a newer request');
    this.name = 'RenderSuperseded';
  }
}

/** Longest stretch of rendering on the UI thread before input events get a turn. */
const SLICE_MS = 12;

/**
 * Lets pending events run, then resumes in a new task. A message-channel task rather than scheduler.yield()
 * (whose continuation outranks timers) or setTimeout (clamped to 4 ms when nested).
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * A `between` hook for Video.render: after SLICE_MS of work it yields to the event loop, then abandons the
 * render (throws RenderSuperseded) if `isStale()` says a newer request wants the renderer instead.
 */
export function timeSlices(isStale: () => boolean = () => false): () => Promise<void> {
  let sliceStarted = performance.now();
  return async () => {
    if (performance.now() - sliceStarted < SLICE_MS) return;
    await yieldToEvents();
    sliceStarted = performance.now();
    if (isStale()) throw new RenderSuperseded();
  };
}
