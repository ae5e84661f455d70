import { describe, expect, it } from 'vitest';
import { distinctName, renameProblem, storedModelLabel, storedModelName } from './model-names';

describe('stored model names', () => {
  it('names a model after its file and resolution, with a counter when taken', () => {
    const base = storedModelName('network-snapshot-000600.pkl', 256);
    expect(base).toBe('network-snapshot-000600 256px');
    expect(distinctName(base, [])).toBe(base);
    expect(distinctName(base, ['Network-Snapshot-000600 256px'])).toBe('network-snapshot-000600 256px 2');
    expect(distinctName(base, [base, `${base} 2`, 'other'])).toBe('network-snapshot-000600 256px 3');
    expect(storedModelName('sky64', 64)).toBe('sky64 64px');
    expect([...distinctName('x'.repeat(300), ['x'.repeat(200)])].length).toBe(200);
  });

  it('refuses an empty, overlong or taken name', () => {
    expect(renameProblem('  ', [])).toBe('A model needs a name');
    expect(renameProblem('y'.repeat(201), [])).toMatch(/at most 200 characters/);
    expect(renameProblem('Sky ', ['sky'])).toBe('Another stored model is called "Sky": choose another name');
    expect(renameProblem('My sky', ['sky'])).toBeNull();
  });

  it('labels a stored model in the picker with its size', () => {
    expect(storedModelLabel({ name: 'a 256px', resolution: 256, bytes: 2_500_000 })).toBe('a 256px (2.5 MB)');
    expect(storedModelLabel({ name: 'mine', resolution: 64, bytes: 2_500_000 })).toBe('mine (64px, 2.5 MB)');
  });
});
