import { describe, expect, it } from 'vitest';
import { escapeUnsafe, quoteText } from './quote-text';
import { userMessage } from './user-message';

describe('quoteText and escapeUnsafe', () => {
  it('escape every control, bidi and invisible format character, separators and lone surrogates', () => {
    const unsafe = [
      '\u0000',
      '\u0007',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
      '\u061c',
      '\u2028',
      '\u2029',
      '\ufeff',
      '\ud800',
      '\udfff',
    ];
    for (const c of unsafe) {
      const out = escapeUnsafe(`a${c}b`);
      expect(out, `U+${c.charCodeAt(0).toString(16)}`).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    }
    expect(escapeUnsafe('line\nbreak\ttab')).toBe('line\\nbreak\\ttab');
  });

  it('leave letters of every script and paired surrogates as they are', () => {
    expect(escapeUnsafe('sky é 日本 😀 Ünïcode')).toBe('sky é 日本 😀 Ünïcode');
  });

  it('quote, escape quotes and backslashes, and clip', () => {
    expect(quoteText('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteText('x'.repeat(100), 10)).toBe(`"${'x'.repeat(10)}..."`);
    expect(quoteText('evil\u202etxt.pkl')).toBe('"evil\\u202etxt.pkl"');
  });

  it('userMessage shows no character that would reverse the rest of the line', () => {
    expect(userMessage(new Error('model \u202eemos\u202c not found'))).toBe('model \\u202eemos\\u202c not found');
  });
});
