/** Decoding of the pickle's text and number payloads (strings, latin-1, big integers, quoted literals). */
import { quoteText } from '../util';
import { PickleError } from './errors';

const utf8 = new TextDecoder('utf-8');

export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192)
    s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

export function decodeUtf8(b: Uint8Array): string {
  if (b.length < 64) {
    // Short ASCII names and keys: cheaper than TextDecoder.
    let s = '';
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c >= 0x80) return utf8.decode(b);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b);
}

export function decodeLong(b: Uint8Array, maxBytes = Infinity, offset = 0): number | bigint {
  if (b.length > maxBytes)
    throw new PickleError(`a ${b.length}-byte integer exceeds the limit of ${maxBytes}`, offset, 'limit');
  if (b.length === 0) return 0;
  if (b.length <= 6) {
    let v = 0;
    for (let i = b.length - 1; i >= 0; i--) v = v * 256 + b[i]!;
    if (b[b.length - 1]! & 0x80) v -= 2 ** (8 * b.length);
    return v;
  }
  // One BigInt parse of the hex digits (shifting a growing BigInt byte by byte is quadratic).
  let hex = '';
  for (let i = b.length - 1; i >= 0; i--) hex += b[i]!.toString(16).padStart(2, '0');
  let v = BigInt(`0x${hex}`);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export function parseIntText(s: string, offset: number): number | bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new PickleError(`bad integer ${quoteText(s, 40)}`, offset);
  const v = BigInt(s);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export function parseIndex(line: string, offset: number): number {
  const v = parseIntText(line, offset);
  if (typeof v !== 'number') throw new PickleError('memo index too large', offset, 'limit');
  return v;
}

export function parseFloatText(s: string, offset: number): number {
  const v = Number(s.replace(/^(-?)inf$/i, '$1Infinity').replace(/^nan$/i, 'NaN'));
  if (Number.isNaN(v) && !/nan/i.test(s)) throw new PickleError(`bad FLOAT ${quoteText(s, 40)}`, offset);
  return v;
}

export function decodeRawUnicodeEscape(b: Uint8Array): string {
  const s = latin1(b);
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4?: string, u8?: string) => {
    const cp = parseInt((u4 ?? u8)!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  });
}

export function decodeQuotedString(s: string, offset: number): string {
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q || s.length < 2) {
    throw new PickleError('STRING is not quoted', offset);
  }
  const body = s.slice(1, -1);
  const simple: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
    '0': '\0',
    '\n': '',
  };
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return simple[e] ?? `\\${e}`;
  });
}
