// The floors and the sandbox allow-list are lint rules; these cases prove they fire (and stay quiet) as documented.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

interface Case {
  readonly path: string;
  readonly source: string;
}

const SANDBOX_REFUSED: readonly (readonly [string, string])[] = [
  ["import { validateStartParams } from '../recorders/validation';", 'a recorder module (zod inside)'],
  ["import { z } from 'zod';", 'zod'],
  ["import { readFileSync } from 'node:fs';", 'a Node builtin'],
  ["import { ApplicationFailure } from '@temporalio/common';", '@temporalio/common directly'],
  ["import { createActivities } from '../activities/create-activities';", 'an activity module'],
];
const SANDBOX_ALLOWED: readonly string[] = [
  "import { condition, sleep } from '@temporalio/workflow';",
  "import { CATALOG } from '../domain/catalog';",
  "import { recordingWorkflow } from './recording';",
  "import type { createActivities } from '../activities/create-activities';",
];
const FLOORS_REFUSED: readonly (readonly [string, string, string])[] = [
  ['worker/cloud-caller.ts', "import { startEmulator } from '../emulator/index';", 'production imports the emulator'],
  ['client/cli.ts', "import { startEmulator } from '../emulator/index';", 'production imports the emulator'],
  ['emulator/index.ts', "import { CATALOG } from '../domain/catalog';", 'the emulator imports production'],
  [
    'recorders/registry.ts',
    "import type { createActivities } from '../activities/create-activities';",
    'recorders import upward (even a type)',
  ],
  ['client/cli.ts', "import { createWorkers } from '../worker/workers';", 'client imports worker (sideways)'],
  ['runtime/logger.ts', "import { recorderFor } from '../recorders/registry';", 'runtime imports recorders'],
  ['domain/catalog.ts', "import { ProviderIo } from '../recorders/types';", 'domain imports upward'],
  ['bench/run.ts', "import { startTestServer } from '../test/support/http-server';", 'bench imports test support'],
];
const FLOORS_ALLOWED: readonly (readonly [string, string])[] = [
  ['activities/start-task.ts', "import { recorderFor } from '../recorders/registry';"],
  ['worker/main.ts', "import { createActivities } from '../activities/create-activities';"],
  ['client/cli.ts', "import { loadWorkerConfig } from '../runtime/config';"],
  ['test/unit/x.test.ts', "import { startEmulator } from '../../emulator/index';"],
];

const cases: Case[] = [
  ...SANDBOX_REFUSED.map(([source]) => ({ path: 'workflows/recording.ts', source })),
  ...SANDBOX_ALLOWED.map((source) => ({ path: 'workflows/recording.ts', source })),
  { path: 'domain/catalog.ts', source: "import { z } from 'zod';" },
  { path: 'domain/catalog.ts', source: "import type { z } from 'zod';" },
  ...FLOORS_REFUSED.map(([path, source]) => ({ path, source })),
  ...FLOORS_ALLOWED.map(([path, source]) => ({ path, source })),
];
let reported: readonly (readonly string[])[] = [];

beforeAll(() => {
  // One ESLint process for every case (loading the config and plugins is the slow part).
  const out = execFileSync(process.execPath, [join(__dirname, 'lint-snippets.mjs')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  reported = JSON.parse(out) as string[][];
}, 120_000);

/** The rule ids that report on `source`, linted as if it were the file at `path`. */
function violations(path: string, source: string): readonly string[] {
  const index = cases.findIndex((c) => c.path === path && c.source === source);
  const found = reported[index];
  if (found === undefined) throw new Error(`case not linted: ${path}: ${source}`);
  return found;
}

describe('the workflow sandbox allow-list', () => {
  it.each(SANDBOX_REFUSED)('refuses a workflow value import: %s (%s)', (source) => {
    expect(violations('workflows/recording.ts', source)).toContain('no-restricted-imports');
  });

  it.each(SANDBOX_ALLOWED)('allows in a workflow: %s', (source) => {
    expect(violations('workflows/recording.ts', source)).toEqual([]);
  });

  it('keeps domain/ pure: zod is refused as a value and allowed as a type', () => {
    expect(violations('domain/catalog.ts', "import { z } from 'zod';")).toContain('no-restricted-imports');
    expect(violations('domain/catalog.ts', "import type { z } from 'zod';")).toEqual([]);
  });
});

describe('the floors', () => {
  it.each(FLOORS_REFUSED)('refuses in %s: %s (%s)', (path, source) => {
    expect(violations(path, source)).toContain('import-x/no-restricted-paths');
  });

  it.each(FLOORS_ALLOWED)('allows in %s: %s', (path, source) => {
    expect(violations(path, source)).toEqual([]);
  });
});
