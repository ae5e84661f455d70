/** Opcodes that read data: the protocol header and frames, numbers, strings and bytes. */
import { PickleError } from './errors';
import type { OpTable, PickleMachine } from './pickle-machine';
import { HIGHEST_PROTOCOL, OP } from './pickle-opcodes';
import {
  decodeLong,
  decodeQuotedString,
  decodeRawUnicodeEscape,
  decodeUtf8,
  latin1,
  parseFloatText,
  parseIntText,
} from './pickle-text';
import { LazyBytes, LazyString, PAYLOAD_HEAD_BYTES } from './py-values';

/** A text line holding a number (INT, LONG, FLOAT, PUT, GET), length-limited. */
export function numericLine(m: PickleMachine, opStart: number): string {
  return latin1(m.input.line(opStart, m.limits.maxIntBytes, 'a number')).trim();
}

/** A protocol 0 text line holding data (a string or a persistent id). */
export function textLine(m: PickleMachine, opStart: number): Uint8Array {
  const b = m.input.line(opStart, m.limits.maxTextLine, 'a text line');
  m.material(b.length);
  return b;
}

function pushString(m: PickleMachine, s: string): void {
  m.material(s.length);
  m.push(s);
}

function pushBytes(m: PickleMachine, n: number, opStart: number): void {
  if (n > m.lazyBytes) {
    // Leave the payload in the source; skip over it (the next window starts after it), keeping the first
    // bytes the window holds.
    const start = m.input.offset;
    const head = m.input.peek(Math.min(n, PAYLOAD_HEAD_BYTES));
    m.input.skip(n, opStart);
    m.material(head.length);
    m.push(new LazyBytes(start, n, 'raw', head.slice()));
    return;
  }
  const b = m.input.bytes(n, opStart);
  m.material(n);
  m.push(b.slice());
}

function pushUnicode(m: PickleMachine, n: number, opStart: number): void {
  if (n > m.lazyString) {
    const start = m.input.offset;
    m.input.skip(n, opStart);
    m.push(new LazyString(start, n));
    return;
  }
  pushString(m, decodeUtf8(m.input.bytes(n, opStart)));
}

export const DATA_OPS: OpTable = {
  [OP.PROTO]: (m, at) => {
    const p = m.input.u8(at);
    if (p > HIGHEST_PROTOCOL) throw new PickleError(`unsupported pickle protocol ${p}`, m.at(at), 'unsupported');
    m.protocol = p;
  },
  [OP.FRAME]: (m, at) => {
    // Frames only group ops for buffering; a frame reaching past the end means a cut file.
    const n = m.input.u64(at);
    if (m.input.runsPastEnd(n)) {
      throw new PickleError(`a frame of ${n} bytes runs past the end of the data`, m.at(at), 'truncated');
    }
  },
  [OP.STOP]: () => true,

  // numbers
  [OP.NONE]: (m) => m.push(null),
  [OP.NEWTRUE]: (m) => m.push(true),
  [OP.NEWFALSE]: (m) => m.push(false),
  [OP.BININT1]: (m, at) => m.push(m.input.u8(at)),
  [OP.BININT2]: (m, at) => m.push(m.input.u16(at)),
  [OP.BININT]: (m, at) => m.push(m.input.i32(at)),
  [OP.LONG1]: (m, at) => {
    const n = m.input.u8(at);
    m.material(n);
    m.push(decodeLong(m.input.bytes(n, at), m.limits.maxIntBytes, m.at(at)));
  },
  [OP.LONG4]: (m, at) => {
    const n = m.input.i32(at);
    if (n < 0) throw new PickleError('negative LONG4 length', m.at(at));
    if (n > m.limits.maxIntBytes)
      throw new PickleError(`a ${n}-byte integer exceeds the limit of ${m.limits.maxIntBytes}`, m.at(at), 'limit');
    m.material(n);
    m.push(decodeLong(m.input.bytes(n, at), m.limits.maxIntBytes, m.at(at)));
  },
  [OP.INT]: (m, at) => {
    // Text; I01/I00 are True/False.
    const s = numericLine(m, at);
    m.push(s === '01' ? true : s === '00' ? false : parseIntText(s, m.at(at)));
  },
  [OP.LONG]: (m, at) => m.push(parseIntText(numericLine(m, at).replace(/L$/, ''), m.at(at))),
  [OP.FLOAT]: (m, at) => m.push(parseFloatText(numericLine(m, at), m.at(at))),
  [OP.BINFLOAT]: (m, at) => m.push(m.input.f64be(at)),

  // strings and bytes
  [OP.SHORT_BINUNICODE]: (m, at) => pushUnicode(m, m.input.u8(at), at),
  [OP.BINUNICODE]: (m, at) => pushUnicode(m, m.input.u32(at), at),
  [OP.BINUNICODE8]: (m, at) => pushUnicode(m, m.input.u64(at), at),
  [OP.UNICODE]: (m, at) => {
    // Protocol 0 writes bytes as _codecs.encode(<UNICODE line>, 'latin1'): a storage is one long line, left in
    // the source like a big BINUNICODE (only the window holds it while its end is found).
    const start = m.input.offset;
    const line = m.input.line(at, m.limits.maxLazyLine, 'a text line');
    if (line.length > m.lazyString) m.push(new LazyString(start, line.length, 'raw-unicode-escape'));
    else if (line.length > m.limits.maxTextLine) {
      throw new PickleError(`a text line exceeds the limit of ${m.limits.maxTextLine} bytes`, m.at(at), 'limit');
    } else {
      m.material(line.length);
      pushString(m, decodeRawUnicodeEscape(line));
    }
  },
  [OP.SHORT_BINBYTES]: (m, at) => {
    const n = m.input.u8(at);
    m.material(n);
    m.push(m.input.bytes(n, at).slice());
  },
  [OP.BINBYTES]: (m, at) => pushBytes(m, m.input.u32(at), at),
  [OP.BINBYTES8]: (m, at) => pushBytes(m, m.input.u64(at), at),
  [OP.BYTEARRAY8]: (m, at) => pushBytes(m, m.input.u64(at), at),
  [OP.SHORT_BINSTRING]: (m, at) => pushString(m, latin1(m.input.bytes(m.input.u8(at), at))),
  [OP.BINSTRING]: (m, at) => {
    const n = m.input.i32(at);
    if (n < 0) throw new PickleError('negative BINSTRING length', m.at(at));
    pushString(m, latin1(m.input.bytes(n, at)));
  },
  [OP.STRING]: (m, at) => pushString(m, decodeQuotedString(latin1(textLine(m, at)), m.at(at))),
  [OP.NEXT_BUFFER]: (m, at) => {
    throw new PickleError('out-of-band buffers (NEXT_BUFFER) are not supported', m.at(at), 'unsupported');
  },
  [OP.READONLY_BUFFER]: (m, at) => void m.top(at),
};
