/**
 * Class 2: globals that would run code when Python loads the file but are on no deny-list. Each is
 * called in every way a pickle can call (REDUCE at the top, hidden in a valid snapshot, INST and OBJ of
 * protocol 0/1, through copyreg._reconstructor's base, through torch's _rebuild_from_type_v2); the
 * verdict comes from the allow-list, so every one must be refused and named.
 */
import { OP } from '../../../src/convert';
import { call, glob, list, type Py, PyNewObj, pickleToBytes, tuple } from '../pickle-writer';
import { syntheticSnapshotBytes, TINY_SPEC } from '../synthetic-snapshot';
import { type PickleCase, RawPickle } from './cases';

/** Callables outside any deny-list that still run code, touch files or the network when called. */
export const UNLISTED_CALLABLES: Array<[string, string]> = [
  ['pydoc', 'pipepager'],
  ['_posixsubprocess', 'fork_exec'],
  ['logging.config', 'listen'],
  ['torch.utils.collect_env', 'run'],
  ['tarfile', 'open'],
  ['zipfile', 'ZipFile'],
  ['pathlib', 'Path'],
  ['smtpd', 'DebuggingServer'],
  ['xml.sax', 'parse'],
  ['sqlite3', 'connect'],
  ['mailbox', 'mbox'],
  ['torch', 'load'],
  ['numpy', 'fromfile'],
  ['shelve2', 'open'],
  ['lzma', 'open'],
  ['wave', 'open'],
  ['tkinter', 'Tk'],
  ['idlelib.pyshell', 'main'],
  ['mylib.hooks', 'make_hook'],
];

function ways(module: string, name: string): Array<[string, Uint8Array]> {
  const fn = glob(module, name);
  const viaReconstructor = call(glob('copyreg', '_reconstructor'), [glob('builtins', 'object'), fn, 'arg']);
  const viaRebuild = call(glob('torch._tensor', '_rebuild_from_type_v2'), [
    fn,
    glob('torch', 'Tensor'),
    tuple('arg'),
    null,
  ]);
  const hidden = (payload: Py) =>
    syntheticSnapshotBytes({
      ...TINY_SPEC,
      resolution: 8,
      channelMax: 4,
      discriminatorBytes: 1,
      extraEntries: [['vis', payload]],
    }).bytes;
  const inst = new RawPickle(1).op(OP.MARK).str('arg').raw(`i${module}\n${name}\n`).stop();
  const obj = new RawPickle(1).op(OP.MARK).raw(`c${module}\n${name}\n`).str('arg').op(OP.OBJ).stop();
  return [
    ['REDUCE as the whole pickle', pickleToBytes(call(fn, ['arg']))],
    ['REDUCE hidden in a valid snapshot', hidden(call(fn, ['arg']))],
    ['protocol 2 GLOBAL + REDUCE', pickleToBytes(call(fn, ['arg']), 2)],
    ['INST', inst],
    ['OBJ', obj],
    ['the base of copyreg._reconstructor', hidden(viaReconstructor)],
    ['the function of _rebuild_from_type_v2', hidden(viaRebuild)],
    ['a REDUCE after 1,500 other records', afterManyRecords(module, name)],
  ];
}

/** 1,500 distinct instantiated classes first (filling any list of records), then the call. */
function afterManyRecords(module: string, name: string): Uint8Array {
  const records: Py[] = Array.from({ length: 1500 }, (_, i) => new PyNewObj(glob('training.filler', `Class${i}`), []));
  return pickleToBytes(list(...records, call(glob(module, name), ['arg'])));
}

export function* class2Cases(): Generator<PickleCase> {
  for (const [module, name] of UNLISTED_CALLABLES) {
    for (const [way, bytes] of ways(module, name)) {
      const qualname = `${module}.${name}`.replace(/\./g, '\\.');
      // Refused by the allow-list (or, for names that also match the deny-list, by it), and named either way.
      const message = new RegExp(
        `^refused: (loading this file in Python would call ${qualname}, which is not part of a StyleGAN-V snapshot|this file tries to run code when loaded \\(${qualname}\\))`,
      );
      yield { kind: 'pickle', name: `${module}.${name} called by ${way}`, bytes, message };
    }
  }
}
