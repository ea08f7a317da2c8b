// Stryker's build step (stryker.config.mjs): inside Stryker's sandbox, every .ts file of src/ and test/ is
// transpiled to a .js file beside it, so the tests run on plain Node. Loading each test file through tap's
// TypeScript loader costs several seconds, and a mutation run starts thousands of test files. Types are
// checked per mutant by Stryker's TypeScript checker, not here. It refuses to run outside a sandbox, where
// the .js files would litter the working tree.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

if (!process.cwd().includes('.stryker-tmp')) {
  console.error('mutation-build: runs only inside the Stryker sandbox (.stryker-tmp/)');
  process.exit(2);
}

const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  sourceMap: false,
  inlineSourceMap: true,
};

function* typescriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yield* typescriptFiles(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

let count = 0;
for (const root of ['src', 'test']) {
  for (const file of typescriptFiles(root)) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
    writeFileSync(file.replace(/\.ts$/, '.js'), outputText);
    count++;
  }
}
console.log(`mutation-build: ${count} files transpiled`);
