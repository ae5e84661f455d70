import { describe, expect, it } from 'vitest';
import { officialModuleSources } from '../../test/support/official-sources';
import { ConvertError } from './errors';
import { judgeModuleSource } from './module-source';

const official = await officialModuleSources();

function refusal(source: string): ConvertError {
  try {
    judgeModuleSource(source, 'Generator');
  } catch (e) {
    if (e instanceof ConvertError) return e;
    throw e;
  }
  throw new Error(`accepted: ${source}`);
}

describe('judgeModuleSource', () => {
  it.each([...official.keys()])('accepts the official source of %s', (name) => {
    expect(() => judgeModuleSource(official.get(name)!, name)).not.toThrow();
  });

  it('accepts the placeholders of the other fixtures and an empty source', () => {
    for (const s of ['# module source omitted from this fixture', '', '\n\n# a\n']) {
      expect(() => judgeModuleSource(s, 'Generator')).not.toThrow();
    }
  });

  it('accepts anything inside function bodies: they only run when called', () => {
    const src = [
      'import torch',
      '',
      '@persistence.persistent_class',
      'class A(torch.nn.Module):',
      '    """Doc."""',
      '    def forward(self, x: Optional[torch.Tensor] = None, *args, k=(1, -2.5e-3), **kw) -> torch.Tensor:',
      "        os.system('fine: runs only when called')",
      '        class Inner:',
      '            x = print(1)',
      '        return x',
      '    @property',
      '    def size(self): return __import__("os")',
      'WAVELETS = {"haar": [0.5, -0.5], "n": None}',
      'def f(a, /, b, *, c=True): exec("x")',
    ].join('\n');
    expect(() => judgeModuleSource(src, 'A')).not.toThrow();
  });

  it('names the line that would run, escaped and clipped', () => {
    const e = refusal('import torch\n\nclass A:\n    pass\nos.system("\u202eid")\n');
    expect(e.code).toBe('code-execution');
    expect(e.message).toContain('has code at line 5 ("os.system(\\"\\u202eid\\")")');
    expect(e.message).not.toContain('\u202e');
  });

  it('finds code after a dedent out of a function and inside a one-line class body', () => {
    expect(refusal('def f():\n    return 1\nprint(2)\n').message).toContain('line 3');
    expect(refusal('class A: x = print(1)\n').message).toContain('line 1');
    expect(refusal('class A:\n    def f(self):\n        pass\n    y = g()\n').message).toContain('line 4');
  });

  it('refuses a source it cannot read', () => {
    expect(refusal('x = "unclosed\n').message).toContain('cannot be read as Python');
    expect(refusal('x = (1,\n').message).toContain('cannot be read as Python');
  });
});
