// Lints source snippets as if they were given project files, with only the import rules on;
// stdin: [{ path, source }], stdout: [[ruleId, ...], ...]. A separate process because the
// ESLint config is an ES module, which Jest's CommonJS runtime cannot load.
import { resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import { ESLint } from 'eslint';

const root = resolve(import.meta.dirname, '../../..');
const checked = new Set(['import-x/no-restricted-paths', 'no-restricted-imports']);
const eslint = new ESLint({
  cwd: root,
  // The type-aware rules need a program, and these snippets are not in it.
  ruleFilter: ({ ruleId }) => checked.has(ruleId),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});
const cases = JSON.parse(await text(process.stdin));
const out = [];
for (const { path, source } of cases) {
  const [result] = await eslint.lintText(source, { filePath: resolve(root, path) });
  out.push(result.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`));
}
process.stdout.write(JSON.stringify(out));
