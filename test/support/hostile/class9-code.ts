/**
 * Class 9: files that run code in Python through what looks like snapshot structure. Embedded module sources
 * (`module_src`, which Python executes when it loads the file) mutated to add a statement that runs, at every
 * place a statement can go: the top of the module, its end, a class body; and calls of anything but the known
 * constructors from inside the snapshot's own namespaces (dnnlib., torch_utils., training.), plus instances
 * of classes outside them. Every one must be refused, naming the line or the callable.
 */
import { call, glob, type Py, PyNewObj } from '../pickle-writer';
import { type SyntheticSpec, syntheticSnapshotBytes, TINY_SPEC } from '../synthetic-snapshot';
import type { PickleCase } from './cases';

const SMALL: SyntheticSpec = { ...TINY_SPEC, resolution: 8, channelMax: 4, discriminatorBytes: 1, adam: 'none' };

/** Statements that run something when the module (or a class body) is executed. */
export const RUNNING_STATEMENTS = [
  "os.system('id')",
  "__import__('os').system('id')",
  "exec('import os')",
  'import os',
  'import subprocess as sp',
  'from os import system',
  'from . import evil',
  "x = open('/etc/passwd').read()",
  'y = f\'{__import__("os").system("id")}\'',
  'if True: print(1)',
  'for _ in range(1): pass',
  'try:\n    pass\nexcept Exception:\n    pass',
  "with open('x') as f: pass",
  'assert print(1)',
  'z = [print(i) for i in range(3)]',
  'q: int = print(1)',
  "a = b = __import__('os')",
  'numbers = torch.zeros(3)',
  'w = torch.float32',
  '@evil_decorator\ndef f():\n    pass',
  '@torch.no_grad(print(1))\ndef f():\n    pass',
  'def f(x=print(1)):\n    pass',
  'def f(x: print(1) = 0):\n    pass',
  'def f() -> print(1):\n    pass',
  "class A(type('B', (), {})):\n    pass",
  'class A(metaclass=Meta):\n    pass',
  'class A: x = print(1)',
  'class A:\n    y = print(1)',
  'class A:\n    @print\n    def f(self):\n        pass',
  'import torch; print(1)',
  "s = '# not a comment'; print(1)",
  'x = 1 \\\n  + print(1)',
  '"""a docstring with \\""" inside"""\nprint(1)',
  'print(1) if False else None',
  '(lambda: print(1))()',
];

/** `statement` placed at `where` in `source` (indented to the body of the first class for 'a class body'). */
function insert(source: string, statement: string, where: 'the top' | 'the end' | 'a class body'): string | undefined {
  const lines = source.split('\n');
  if (where === 'the top') return `${statement}\n${source}`;
  if (where === 'the end') return `${source}\n${statement}\n`;
  const header = lines.findIndex((l) => /^class \w+.*:\s*$/.test(l));
  if (header < 0) return undefined;
  const body = lines.slice(header + 1).find((l) => l.trim() !== '');
  const indent = body?.match(/^\s*/)?.[0] ?? '    ';
  const indented = statement
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
  return [...lines.slice(0, header + 1), indented, ...lines.slice(header + 1)].join('\n');
}

/** Calls and instances a Python load would run, disguised as snapshot structure. */
const DISGUISED_CALLS: Array<[string, Py]> = [
  ['dnnlib.util.call_func_by_name', call(glob('dnnlib.util', 'call_func_by_name'), ['os.system', 'id'])],
  ['src.dnnlib.util.get_obj_by_name', call(glob('src.dnnlib.util', 'get_obj_by_name'), ['os.system'])],
  ['torch_utils.misc.copy_params_and_buffers', call(glob('torch_utils.misc', 'copy_params_and_buffers'), [1, 2])],
  [
    'src.torch_utils.training_stats.init_multiprocessing',
    call(glob('src.torch_utils.training_stats', 'init_multiprocessing'), [0]),
  ],
  ['training.training_loop.training_loop', call(glob('training.training_loop', 'training_loop'), [])],
  ['src.training.networks.Generator', call(glob('src.training.networks', 'Generator'), [1, 2, 3])],
  ['omegaconf.OmegaConf.load', call(glob('omegaconf', 'OmegaConf.load'), ['/etc/passwd'])],
  [
    'torch.nn.modules.module.Module.register_forward_hook',
    call(glob('torch.nn.modules.module', 'Module.register_forward_hook'), [1]),
  ],
  ['a weakref.finalize instance', new PyNewObj(glob('weakref', 'finalize'), [])],
  ['a tempfile.TemporaryDirectory instance', new PyNewObj(glob('tempfile', 'TemporaryDirectory'), [])],
  ['a mylib.hooks.Hook instance', new PyNewObj(glob('mylib.hooks', 'Hook'), [])],
];

export function* class9Cases(officialSources: Map<string, string>): Generator<PickleCase> {
  for (const [className, source] of officialSources) {
    for (const where of ['the top', 'the end', 'a class body'] as const) {
      for (const [i, statement] of RUNNING_STATEMENTS.entries()) {
        const mutated = insert(source, statement, where);
        if (mutated === undefined) continue;
        yield {
          kind: 'pickle',
          name: `${className}'s official source with statement ${i} at ${where}`,
          bytes: syntheticSnapshotBytes({ ...SMALL, moduleSources: { MappingNetwork: mutated } }).bytes,
          message: /^refused: the module source embedded for .* has code at line \d+ \(".*"\): .*nothing was executed/,
        };
      }
    }
  }
  for (const [name, payload] of DISGUISED_CALLS) {
    yield {
      kind: 'pickle',
      name: `${name} in a valid snapshot`,
      bytes: syntheticSnapshotBytes({ ...SMALL, extraEntries: [['vis', payload]] }).bytes,
      message:
        /^refused: (loading this file in Python would (call|create a) \S+.*which is not part of a StyleGAN-V snapshot|this file tries to run code when loaded)/,
    };
  }
}
