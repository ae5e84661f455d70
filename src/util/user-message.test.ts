import { describe, expect, it } from 'vitest';
import { userMessage } from './user-message';

describe('userMessage', () => {
  it('turns any WebAssembly trap into one line that names it and what to suspect', () => {
    for (const error of [
      new WebAssembly.RuntimeError('table index is out of bounds'),
      new WebAssembly.RuntimeError('unreachable'),
      new Error('table index is out of bounds'), // as a render thread reports it: the message alone
      new Error('Aborted(OOM)'),
    ]) {
      const line = userMessage(error);
      expect(line).toMatch(
        /^the numeric backend \(WebAssembly\) stopped with ".+": the model likely needs more memory/,
      );
      expect(line).not.toContain('\n');
    }
  });

  it('keeps our own messages, on one line, clipped', () => {
    expect(userMessage(new Error('--seed must be a whole number'))).toBe('--seed must be a whole number');
    expect(userMessage(new Error(`a\n  b ${'x'.repeat(2000)}`))).toMatch(/^a b x+\.\.\.$/);
    expect(userMessage(new Error('x'.repeat(2000))).length).toBeLessThan(700);
  });
});
