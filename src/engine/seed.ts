/**
 * Seeds: the noise streams hash a seed as an unsigned 32-bit integer (rng.ts), so seeds are the integers
 * 0..2^32 - 1 and nothing else. One rule for the CLI, the studio's fields and its links: any other value
 * is refused, never wrapped or rounded onto another seed's video.
 */
export const SEED_MIN = 0;
export const SEED_MAX = 2 ** 32 - 1;

export function isSeed(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= SEED_MIN && value <= SEED_MAX;
}

/** The one line for a value that is not a seed (`what` names it: "content seed", "--motion-seed"). */
export function seedProblem(what: string, value: unknown): string | undefined {
  if (isSeed(value)) return undefined;
  return `${what} must be a whole number from ${SEED_MIN} to ${SEED_MAX.toLocaleString('en-US')}, got ${String(value).slice(0, 40)}`;
}
