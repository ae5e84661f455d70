import type { Project } from '../authoring';

/**
 * Issue 21's bench clip: 10 s of the random-weight sky256 at `fps`, its content morphing from seed 1 at 0 s
 * to seed 2 at 10 s (every frame its own ws) or fixed (seed 1 throughout); ψ 0.8, motion seed 2.
 */
export function morphProject(morph: boolean, fps: number): Project {
  return {
    model: 'sky256',
    clip: { duration: 10, fps },
    motion: { seed: 2 },
    tracks: {
      content: morph
        ? [
            { at: 0, seed: 1 },
            { at: 10, seed: 2 },
          ]
        : [{ at: 0, seed: 1 }],
      psi: [{ at: 0, value: 0.8 }],
    },
    directions: null,
  };
}
