/**
 * Python globals that run code, touch files, processes or the network when a pickle calls them. A
 * snapshot that names one is refused before anything else happens (and nothing would run anyway: the
 * pickle machine only builds inert records). What is allowed is decided by an allow-list: global-verdict.ts.
 */
import { ConvertError } from './errors';

/** Whole modules: any global from them (or their submodules) is refused. */
const DANGEROUS_MODULES = [
  'os',
  'posix',
  'nt',
  'posixpath',
  'ntpath',
  'subprocess',
  'pty',
  'shutil',
  'socket',
  'socketserver',
  'ssl',
  'select',
  'sys',
  'signal',
  'ctypes',
  'cffi',
  'marshal',
  'pickle',
  '_pickle',
  'cPickle',
  'pickletools',
  'dill',
  'cloudpickle',
  'joblib',
  'shelve',
  'dbm',
  'types',
  'code',
  'codeop',
  'compileall',
  'py_compile',
  'importlib',
  'imp',
  'pkgutil',
  'runpy',
  'zipimport',
  'site',
  'sysconfig',
  'distutils',
  'setuptools',
  'pip',
  'venv',
  'ensurepip',
  'multiprocessing',
  'threading',
  '_thread',
  'thread',
  'concurrent',
  'asyncio',
  'sched',
  'webbrowser',
  'urllib',
  'urllib2',
  'urllib3',
  'http',
  'httplib',
  'requests',
  'ftplib',
  'smtplib',
  'poplib',
  'imaplib',
  'telnetlib',
  'xmlrpc',
  'tempfile',
  'glob',
  'fileinput',
  'io',
  '_io',
  'commands',
  'popen2',
  'platform',
  'pdb',
  'bdb',
  'trace',
  'timeit',
  'profile',
  'cProfile',
  'doctest',
  'operator',
  '_operator',
  'gc',
  'inspect',
  'ast',
  'yaml',
  'jinja2',
  'IPython',
  'torch.hub',
  'torch.serialization',
  'torch.jit',
  'torch.package',
  'torch.utils.cpp_extension',
  'torch.ops',
  'torch._C',
  'torch.distributed',
  'numpy.testing',
  'numpy.f2py',
  'numpy.distutils',
  'numpy.lib.npyio',
  'numpy.load',
];

/** Names in the builtins module (Python 3 `builtins`, Python 2 `__builtin__`) that run code or open files. */
const DANGEROUS_BUILTINS = new Set([
  'eval',
  'exec',
  'execfile',
  'compile',
  '__import__',
  'open',
  'file',
  'input',
  'raw_input',
  'breakpoint',
  'getattr',
  'setattr',
  'delattr',
  'globals',
  'locals',
  'vars',
  'reload',
  'apply',
  'help',
  'memoryview',
  '__build_class__',
  'exit',
  'quit',
  'copyright',
  'credits',
  'license',
]);

/** Harmless classes inside otherwise refused modules. */
const SAFE_EXCEPTIONS = new Set(['types.SimpleNamespace', 'io.BytesIO']);

const BUILTIN_MODULES = new Set(['builtins', '__builtin__', '__builtins__', '__main__']);

function inModule(module: string, root: string): boolean {
  return module === root || module.startsWith(`${root}.`);
}

/** `module.name` when it is a code-running global, else undefined. */
export function dangerousGlobal(module: string, name: string): string | undefined {
  if (SAFE_EXCEPTIONS.has(`${module}.${name}`)) return undefined;
  if (BUILTIN_MODULES.has(module)) return DANGEROUS_BUILTINS.has(name) ? `${module}.${name}` : undefined;
  for (const root of DANGEROUS_MODULES) if (inModule(module, root)) return `${module}.${name}`;
  if (
    /(^|\.)(system|popen\w*|spawn\w*|exec\w*|eval|run_?string|runstring|loads?|__import__)$/.test(name) &&
    !isHarmlessModule(module)
  ) {
    return `${module}.${name}`;
  }
  return undefined;
}

function isHarmlessModule(module: string): boolean {
  return /^(omegaconf|collections|typing|copyreg|_codecs)(\.|$)/.test(module);
}

/** The refusal for a pickle that names `qualname`. */
export function codeExecutionError(qualname: string): ConvertError {
  return new ConvertError(
    `refused: this file tries to run code when loaded (${qualname}) — it is not a plain StyleGAN-V checkpoint; nothing was executed. ` +
      'Only convert checkpoints from a source you trust.',
    'code-execution',
    qualname,
  );
}
