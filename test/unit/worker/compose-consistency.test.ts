/** The production setup registers exactly the search attributes the workflow writes. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RECORDING_SEARCH_ATTRIBUTES, cliTypeName } from '../../../worker/search-attributes';

const root = resolve(__dirname, '..', '..', '..');

test('docker/temporal/setup-namespace.sh creates every recording search attribute with its type', () => {
  const script = readFileSync(resolve(root, 'docker/temporal/setup-namespace.sh'), 'utf8');
  const registered = [...script.matchAll(/--name (\w+) --type (\w+)/g)].map((m) => `${m[1]}=${m[2]}`).sort();
  const expected = RECORDING_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${cliTypeName(key.type)}`).sort();
  expect(registered).toEqual(expected);
});

test('the compose app services get the encryption key and no hard-coded secret', () => {
  const compose = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
  expect(compose).toMatch(/PAYLOAD_ENCRYPTION_KEY: \$\{PAYLOAD_ENCRYPTION_KEY:\?/);
  // Every secret-named variable is a ${VAR} reference, never a literal value.
  const secretLines = compose
    .split('\n')
    .map((line) => /^\s+([A-Z_]*(?:SECRET|KEY|PASSWORD|PWD|TOKEN)[A-Z_]*):\s*(.+)$/.exec(line))
    .filter((match) => match !== null);
  expect(secretLines.length).toBeGreaterThanOrEqual(12);
  for (const [, name, value] of secretLines) {
    expect([name, value]).toEqual([name, expect.stringMatching(/^\$\{[A-Z_]+(:[-?][^}]*)?\}$/)]);
  }
});

test('admin-tools (schema files, CLI) is pinned to the server version that test:production builds', () => {
  const compose = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
  // scripts/provision-temporal-server.sh reads this exact form of the server pin.
  const server = /image: temporalio\/server:\$\{TEMPORAL_VERSION:-(\d+\.\d+\.\d+)\}/.exec(compose)?.[1];
  const adminTools = [
    ...compose.matchAll(/image: temporalio\/admin-tools:\$\{TEMPORAL_ADMINTOOLS_VERSION:-([^}]+)\}/g),
  ];
  expect(server).toMatch(/^\d+\.\d+\.\d+$/);
  expect(adminTools.map((m) => m[1])).toEqual([server, server]);
});
