/**
 * Text from a file, quoted in a message: clipped, on one line, and with every character that could change
 * how the rest of the line reads shown as an escape instead: controls (C0, DEL, C1), bidirectional and
 * other invisible format characters (U+202E would show the rest of the line reversed), line and paragraph
 * separators, and lone surrogates.
 */
/** Controls (Cc), format characters (Cf: the bidi controls among them), line/paragraph separators, lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const escapeChar = (c: string) => {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
};

/** `text` with unsafe characters escaped (nothing else changes). */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** `"text"`, clipped to `max` characters (then `...`), quotes and backslashes escaped, unsafe characters too. */
export function quoteText(text: string, max = 80): string {
  const clipped = text.length > max ? `${text.slice(0, max)}...` : text;
  return `"${escapeUnsafe(clipped.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;
}
