#!/usr/bin/env node
// Installs the pinned schemathesis (API conformance, test/integration/openapi-conformance.test.ts)
// from PyPI into the project's venv beside the Temporal wheels (.temporal/venv, made by
// provision-temporal.mjs, which runs first). Idempotent: a stamp file records the pin.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PIN = 'schemathesis==4.32.5';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.temporal', 'venv');
const stampFile = join(root, '.temporal', 'schemathesis-stamp.json');
const binary = join(venv, 'bin', 'schemathesis');
const stamp = JSON.stringify({ pin: PIN });

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(binary)) {
  console.log(`provision-schemathesis: ${PIN} present`);
  process.exit(0);
}
const pip = join(venv, 'bin', 'pip');
if (!existsSync(pip)) {
  console.error(`provision-schemathesis: ${venv} has no pip; run node scripts/provision-temporal.mjs first`);
  process.exit(1);
}
try {
  execFileSync(pip, ['install', '--quiet', '--disable-pip-version-check', PIN], { stdio: 'inherit' });
} catch (error) {
  console.error(`provision-schemathesis: could not install ${PIN} into ${venv}: ${error.message}`);
  process.exit(1);
}
if (!existsSync(binary)) {
  console.error(`provision-schemathesis: installed ${PIN} but ${binary} is missing`);
  process.exit(1);
}
writeFileSync(stampFile, stamp);
console.log(`provision-schemathesis: installed ${PIN} into .temporal/venv`);
