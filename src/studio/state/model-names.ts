/**
 * Names of models stored in this browser: a converted or downloaded model is named after its file and
 * resolution ("network-snapshot-000600 256px"), with a counter when that name is taken, so stored models
 * are told apart; a rename is checked by the same rule.
 */
import { MAX_MODEL_NAME } from '../../model';

/** The first of "base", "base 2", "base 3", … that no other model has (names compared case-insensitively). */
export function distinctName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.trim().toLowerCase()));
  const clip = (text: string, suffix: string) => [...text].slice(0, MAX_MODEL_NAME - suffix.length).join('') + suffix;
  if (!names.has(base.trim().toLowerCase())) return clip(base, '');
  for (let n = 2; ; n++) {
    const candidate = clip(base, ` ${n}`);
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}

/** "network-snapshot-000600.pkl" at 256 px -> "network-snapshot-000600 256px". */
export function storedModelName(fileName: string, resolution: number): string {
  const base = fileName.replace(/\.(pkl|pickle|json)$/i, '').trim() || 'model';
  return `${base} ${resolution}px`;
}

/** Why `name` cannot be a stored model's new name, or null. */
export function renameProblem(name: string, others: readonly string[]): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'A model needs a name';
  if ([...trimmed].length > MAX_MODEL_NAME) return `A model's name has at most ${MAX_MODEL_NAME} characters`;
  if (others.some((o) => o.trim().toLowerCase() === trimmed.toLowerCase()))
    return `Another stored model is called "${trimmed}": choose another name`;
  return null;
}

/** A stored model in the picker: its name, then size (and resolution when the name does not say it). */
export function storedModelLabel(info: { name: string; resolution: number; bytes: number }): string {
  const size = `${(info.bytes / 1e6).toFixed(1)} MB`;
  return info.name.includes(`${info.resolution}px`)
    ? `${info.name} (${size})`
    : `${info.name} (${info.resolution}px, ${size})`;
}
