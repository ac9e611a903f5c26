// `ohmflow --help` must stay fast: what the entry point loads before a command runs (its static
// imports, followed file by file) holds no heavy package and only a few of the project's files.
// Each command's code is loaded by `await import()` in its action, which this walk does not follow.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Module specifiers a source file imports at load time: not `import type`, not `await import()`. */
function staticImports(source: string): string[] {
  const specs: string[] = [];
  const pattern = /^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?'([^']+)';/gm;
  for (const match of source.matchAll(pattern)) specs.push(match[1]);
  return specs;
}

/** Every project file and package reached from `entry` through static imports. */
function loadedAtStart(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const target = join(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!existsSync(target)) throw new Error(`${relative(ROOT, file)} imports ${spec}, which does not exist`);
      visit(target);
    }
  };
  visit(join(ROOT, entry));
  return { files: [...files].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

describe('what ohmflow loads before a command runs', () => {
  const { files, packages } = loadedAtStart('scripts/cli/ohmflow.ts');

  it('reads import lines as the compiler does', () => {
    expect(staticImports("import { a } from './a.js';\nimport type { B } from './b.js';\nexport { c } from './c.js';\nimport './d.js';\n"))
      .toEqual(['./a.js', './c.js', './d.js']);
    expect(staticImports("const m = await import('./lazy.js');\nimport {\n  x,\n  y,\n} from './multi.js';\n")).toEqual(['./multi.js']);
  });

  it('loads commander and Node built-ins only: no zod, protobufjs, chart.js, cli-progress or worker code', () => {
    expect(packages.filter((p) => p !== 'commander' && !p.startsWith('node:'))).toEqual([]);
    expect(packages).not.toContain('node:worker_threads');
  });

  it('loads the option declarations, not the commands: a few small files', () => {
    expect(files.filter((f) => f.startsWith('scripts/cli/commands/'))).toEqual([]);
    expect(files.filter((f) => !f.startsWith('scripts/cli/')).length, files.join('\n')).toBeLessThanOrEqual(6);
    expect(files.length, files.join('\n')).toBeLessThan(25);
  });
});
