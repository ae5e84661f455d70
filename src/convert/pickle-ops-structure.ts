/** Opcodes that shape the stack: MARK and POP, tuples, lists, dicts, sets, and the memo. */
import { PickleError } from './errors';
import type { OpTable, PickleMachine } from './pickle-machine';
import { OP } from './pickle-opcodes';
import { numericLine } from './pickle-ops-data';
import { parseIndex } from './pickle-text';
import { PyObject } from './py-values';

/** Append without spreading (a spread of 300,000 items overflows the call stack). */
function pushAll(target: unknown[], items: readonly unknown[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
}

function appendTo(m: PickleMachine, target: unknown, items: unknown[], at: number): void {
  if (Array.isArray(target)) pushAll(target, items);
  else if (target instanceof PyObject) pushAll(target.items, items);
  else if (target instanceof Set) for (const v of items) target.add(v);
  else throw new PickleError('APPEND to a non-list', m.at(at));
}

function setItems(m: PickleMachine, target: unknown, items: unknown[], at: number): void {
  if (items.length % 2 !== 0) throw new PickleError('odd number of items for SETITEMS', m.at(at));
  if (target instanceof Map) for (let i = 0; i < items.length; i += 2) target.set(items[i], items[i + 1]);
  else if (target instanceof PyObject)
    for (let i = 0; i < items.length; i += 2) target.dictItems.push([items[i], items[i + 1]]);
  else throw new PickleError('SETITEM on a non-dict', m.at(at));
}

export const STRUCTURE_OPS: OpTable = {
  [OP.MARK]: (m, at) => m.mark(at),
  [OP.POP]: (m, at) => {
    if (m.stack.length === 0) m.popMark(at);
    else m.pop(at);
  },
  [OP.POP_MARK]: (m, at) => void m.popMark(at),
  [OP.DUP]: (m, at) => m.push(m.top(at)),

  // containers
  [OP.EMPTY_TUPLE]: (m) => m.push([]),
  [OP.TUPLE1]: (m, at) => m.push([m.pop(at)]),
  [OP.TUPLE2]: (m, at) => {
    const b = m.pop(at);
    const a = m.pop(at);
    m.push([a, b]);
  },
  [OP.TUPLE3]: (m, at) => {
    const c = m.pop(at);
    const b = m.pop(at);
    const a = m.pop(at);
    m.push([a, b, c]);
  },
  [OP.TUPLE]: (m, at) => m.push(m.popMark(at)),
  [OP.EMPTY_LIST]: (m) => m.push([]),
  [OP.LIST]: (m, at) => m.push(m.popMark(at)),
  [OP.EMPTY_DICT]: (m) => m.push(new Map()),
  [OP.DICT]: (m, at) => {
    const items = m.popMark(at);
    const d = new Map<unknown, unknown>();
    for (let i = 0; i + 1 < items.length; i += 2) d.set(items[i], items[i + 1]);
    m.push(d);
  },
  [OP.EMPTY_SET]: (m) => m.push(new Set()),
  [OP.FROZENSET]: (m, at) => m.push(new Set(m.popMark(at))),
  [OP.ADDITEMS]: (m, at) => {
    const items = m.popMark(at);
    const target = m.top(at);
    if (target instanceof Set) for (const v of items) target.add(v);
    else if (target instanceof PyObject) pushAll(target.items, items);
    else throw new PickleError('ADDITEMS on a non-set', m.at(at));
  },
  [OP.APPEND]: (m, at) => {
    const v = m.pop(at);
    appendTo(m, m.top(at), [v], at);
  },
  [OP.APPENDS]: (m, at) => {
    const items = m.popMark(at);
    appendTo(m, m.top(at), items, at);
  },
  [OP.SETITEM]: (m, at) => {
    const v = m.pop(at);
    const k = m.pop(at);
    setItems(m, m.top(at), [k, v], at);
  },
  [OP.SETITEMS]: (m, at) => {
    const items = m.popMark(at);
    setItems(m, m.top(at), items, at);
  },

  // memo
  [OP.MEMOIZE]: (m, at) => m.memoPut(m.memoCount++, at),
  [OP.BINPUT]: (m, at) => m.memoPut(m.input.u8(at), at),
  [OP.LONG_BINPUT]: (m, at) => m.memoPut(m.input.u32(at), at),
  [OP.PUT]: (m, at) => m.memoPut(parseIndex(numericLine(m, at), m.at(at)), at),
  [OP.BINGET]: (m, at) => m.push(m.memoGet(m.input.u8(at), at)),
  [OP.LONG_BINGET]: (m, at) => m.push(m.memoGet(m.input.u32(at), at)),
  [OP.GET]: (m, at) => m.push(m.memoGet(parseIndex(numericLine(m, at), m.at(at)), at)),
};
