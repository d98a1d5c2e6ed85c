// Lint rules: type-aware TypeScript everywhere; the floors (which folder may import which);
// the workflow sandbox allow-list; prettier decides layout (`prettier --check` in `npm run lint`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The floors, bottom up: each folder and the project folders it may import (itself always).
 * Type imports count too. `emulator/` stands apart: it imports nothing of production, and no
 * production folder imports it. `test/` and `scripts/` compose everything and are unrestricted.
 */
const FLOORS = {
  domain: [],
  cloud: [],
  recorders: ['domain', 'cloud'],
  activities: ['domain', 'cloud', 'recorders'],
  // Values from domain/ only (the sandbox allow-list below); activities/ as `import type` for proxies.
  workflows: ['domain', 'activities'],
  runtime: ['domain', 'cloud'],
  worker: ['domain', 'cloud', 'recorders', 'activities', 'workflows', 'runtime'],
  client: ['domain', 'cloud', 'recorders', 'workflows', 'runtime'],
  emulator: [],
  // End-to-end suites (rate-headroom) run the stack as scripts/ composes it, on the same floors.
  bench: ['domain', 'cloud', 'recorders', 'runtime', 'worker', 'scripts'],
};
const PROJECT_FOLDERS = [...Object.keys(FLOORS), 'test', 'scripts'];

const floorZones = Object.entries(FLOORS).flatMap(([folder, allowed]) =>
  PROJECT_FOLDERS.filter((other) => other !== folder && !allowed.includes(other)).map((other) => ({
    target: `./${folder}`,
    from: `./${other}`,
    message: `${folder}/ may import only ${allowed.length === 0 ? 'itself' : allowed.map((f) => `${f}/`).join(', ')} (floors: eslint.config.mjs, docs/architecture.md).`,
  })),
);

/** Value imports allowed in the workflow sandbox: workflows/ itself, domain/ and @temporalio/workflow. */
const sandboxAllowList = (allowed, message) => [
  'error',
  { patterns: [{ regex: `^(?!(${allowed.join('|')})$)`, allowTypeImports: true, message }] },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.temporal/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: floorZones }],
    },
  },
  {
    // The workflow bundle: value imports only from the allow-list (no Node builtins, zod, undici, I/O).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': sandboxAllowList(
        ['\\./[^]*', '\\.\\./domain/[^]*', '@temporalio/workflow'],
        'Workflow code runs in the deterministic sandbox: value-import only workflows/, domain/ and @temporalio/workflow (`import type` for anything else).',
      ),
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
  {
    // domain/ enters the workflow bundle, so it value-imports only itself and the SDK's pure
    // common layer (which @temporalio/workflow itself is built on).
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': sandboxAllowList(
        ['\\./[^]*', '@temporalio/common'],
        'domain/ is pure and enters the workflow sandbox: value-import only domain/ and @temporalio/common (`import type` for anything else).',
      ),
    },
  },
  prettier,
);
