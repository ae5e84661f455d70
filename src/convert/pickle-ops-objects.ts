/** Opcodes that name globals and build objects: GLOBAL, REDUCE, NEWOBJ, BUILD, persistent ids. */
import { PickleError } from './errors';
import type { OpTable, PickleMachine } from './pickle-machine';
import { OP } from './pickle-opcodes';
import { textLine } from './pickle-ops-data';
import { decodeUtf8, latin1 } from './pickle-text';
import { PyGlobal } from './py-values';

function asArgs(m: PickleMachine, v: unknown, at: number): unknown[] {
  if (Array.isArray(v)) return v;
  throw new PickleError('call arguments are not a tuple', m.at(at));
}

/** `module\nname\n` of GLOBAL and INST. */
function globalLines(m: PickleMachine, at: number): [string, string] {
  const max = m.limits.maxNameLength;
  const module = decodeUtf8(m.input.line(at, max, "a global's module name"));
  const name = decodeUtf8(m.input.line(at, max, "a global's name"));
  return [module, name];
}

export const OBJECT_OPS: OpTable = {
  [OP.GLOBAL]: (m, at) => {
    const [module, name] = globalLines(m, at);
    m.push(m.global(module, name, at));
  },
  [OP.STACK_GLOBAL]: (m, at) => {
    const name = m.pop(at);
    const module = m.pop(at);
    if (typeof module !== 'string' || typeof name !== 'string')
      throw new PickleError('STACK_GLOBAL needs two strings', m.at(at));
    m.push(m.global(module, name, at));
  },
  [OP.EXT1]: (m, at) => m.push(new PyGlobal('copyreg.extension', String(m.input.u8(at)))),
  [OP.EXT2]: (m, at) => m.push(new PyGlobal('copyreg.extension', String(m.input.u16(at)))),
  [OP.EXT4]: (m, at) => m.push(new PyGlobal('copyreg.extension', String(m.input.i32(at)))),
  [OP.REDUCE]: (m, at) => {
    const args = m.pop(at);
    const fn = m.pop(at);
    m.push(m.call(fn, asArgs(m, args, at), undefined, 'call', at));
  },
  [OP.NEWOBJ]: (m, at) => {
    const args = m.pop(at);
    const cls = m.pop(at);
    m.push(m.call(cls, asArgs(m, args, at), undefined, 'new', at));
  },
  [OP.NEWOBJ_EX]: (m, at) => {
    const kwargs = m.pop(at);
    const args = m.pop(at);
    const cls = m.pop(at);
    m.push(m.call(cls, asArgs(m, args, at), kwargs instanceof Map ? kwargs : undefined, 'new', at));
  },
  [OP.OBJ]: (m, at) => {
    const items = m.popMark(at);
    if (items.length === 0) throw new PickleError('OBJ without a class', m.at(at));
    m.push(m.call(items[0], items.slice(1), undefined, 'call', at));
  },
  [OP.INST]: (m, at) => {
    const [module, name] = globalLines(m, at);
    const args = m.popMark(at);
    m.push(m.call(m.global(module, name, at), args, undefined, 'call', at));
  },
  [OP.BUILD]: (m, at) => {
    const state = m.pop(at);
    m.build(m.top(at), state, at);
  },
  [OP.BINPERSID]: (m, at) => m.push(m.persistentLoad(m.pop(at))),
  [OP.PERSID]: (m, at) => m.push(m.persistentLoad(latin1(textLine(m, at)))),
};
