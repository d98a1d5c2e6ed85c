// Lint rules: type-aware TypeScript everywhere, plus the workflow sandbox override
// (workflows/ may not import Node builtins, undici, zod or any I/O module).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers',
  'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.temporal/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'Workflow code runs in the deterministic sandbox: no Node builtins.' },
              { name: `node:${name}`, message: 'Workflow code runs in the deterministic sandbox: no Node builtins.' },
            ]),
            { name: 'undici', message: 'No I/O in workflows: call an activity.' },
            { name: 'zod', message: 'No zod runtime in the workflow bundle; validate at the boundary.' },
            { name: '@temporalio/activity', message: 'Workflows import activities with `import type` only.' },
            { name: '@temporalio/client', message: 'Not available in the workflow sandbox.' },
            { name: '@temporalio/worker', message: 'Not available in the workflow sandbox.' },
          ],
          patterns: [
            {
              // activities/retry-policies.ts is plain data (a unit test keeps it import-free), so the
              // workflow may import it as a value; every other I/O module is types-only.
              regex: '^\\.\\./(activities(/(?!retry-policies$).*)?|cloud(/.*)?|emulator/.*|worker/.*|client/.*)$',
              allowTypeImports: true,
              message: 'Workflows may import only types from I/O modules.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'fetch', message: 'No I/O in workflows.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use uuid4() or deterministic data.' },
      ],
    },
  },
);
