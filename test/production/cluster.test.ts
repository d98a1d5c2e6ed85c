/**
 * `npm run test:production`: the orchestrator on a real Temporal Server cluster with PostgreSQL,
 * set up the way docker-compose.yml sets it up. A fresh PostgreSQL on 127.0.0.1; the schemas by
 * docker/temporal/setup-postgres.sh; frontend, history, matching and worker as separate
 * `temporal-server` processes (temporal-cluster.ts); the namespace and search attributes by
 * docker/temporal/setup-namespace.sh. Then the five lifecycles with history and matching
 * `kill -9`ed mid-recording, and the reduced fault run (two worker processes, `server-kill`
 * = history and matching together). Needs `npm run provision:server` (the script runs it first).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { resolveTemporalCli } from '../../worker/dev-server';
import { runReducedFaults } from '../faults/reduced';
import { setUpNamespace, setUpPostgres, toolFolder } from '../support/compose-scripts';
import { expectLifecycles, runLifecycles } from '../support/lifecycles';
import { startTestStack } from '../support/stack';
import { startPostgres, type RunningPostgres } from './postgres';
import { SERVER_HOME, serverBinary, TemporalCluster, type Service } from './temporal-cluster';

const projectRoot = resolve(__dirname, '..', '..');
const LIFECYCLES_NAMESPACE = 'recordings-lifecycles';
const FAULTS_NAMESPACE = 'recordings-faults';
let dir: string;
let postgres: RunningPostgres | undefined;
let cluster: TemporalCluster | undefined;

function schemaSetup(pg: RunningPostgres) {
  return setUpPostgres({
    bin: resolve(serverBinary('temporal-sql-tool'), '..'),
    schemaRoot: join(SERVER_HOME, 'schema/postgresql/v12'),
    host: pg.host,
    port: pg.port,
    user: pg.user,
    password: pg.password,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recording-production-'));
  postgres = await startPostgres({ user: 'temporal', password: randomBytes(12).toString('hex') });
  await schemaSetup(postgres);
  cluster = await TemporalCluster.start({ dir, postgres });
  // One namespace per test: each run's payload key reads only its own workflows and Schedules.
  const bin = toolFolder(dir, { temporal: resolveTemporalCli(undefined, projectRoot) });
  for (const namespace of [LIFECYCLES_NAMESPACE, FAULTS_NAMESPACE])
    await setUpNamespace({ bin, address: cluster.address, namespace, retention: '1d' });
}, 420_000);

afterAll(async () => {
  try {
    await cluster?.stop();
  } finally {
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('setup-postgres.sh again on the set-up databases changes nothing and succeeds (every compose up)', async () => {
  const { stdout } = await schemaSetup(postgres as RunningPostgres);
  expect(stdout.split('\n')).toEqual([
    'database temporal present',
    'database temporal_visibility present',
    'PostgreSQL schemas ready',
    '',
  ]);
}, 200_000);

test('five lifecycles end to end while history and then matching are kill -9ed mid-recording', async () => {
  const c = cluster as TemporalCluster;
  const t = await startTestStack({ temporalAddress: c.address, env: { TEMPORAL_NAMESPACE: LIFECYCLES_NAMESPACE } });
  try {
    const kills: string[] = [];
    const killWhileRecording = async (): Promise<void> => {
      const deadline = Date.now() + 60_000;
      while (t.emulator.control.runningTasks().length < 3 && Date.now() < deadline) await delay(200);
      for (const service of ['history', 'matching'] satisfies Service[]) {
        kills.push(`${service} with ${t.emulator.control.runningTasks().length} task(s) recording`);
        await c.kill(service);
        await delay(1_500);
        await c.start(service);
        await delay(1_000);
      }
    };
    const [outcomes] = await Promise.all([runLifecycles(t, 'prod-life'), killWhileRecording()]);
    expectLifecycles(t, outcomes);
    expect(kills).toEqual([
      expect.stringMatching(/^history with [1-9]\d* task/) as string,
      expect.stringMatching(/^matching with [1-9]\d* task/) as string,
    ]);
  } finally {
    await t.stop();
  }
}, 240_000);

test('reduced fault run on the cluster: 0 duplicates, orphans, lost stops, false failures, stuck, accepted splices', async () => {
  const { report, summary, failing } = await runReducedFaults('production', {
    server: cluster as TemporalCluster,
    namespace: FAULTS_NAMESPACE,
  });
  expect({ summary, failing }).toEqual({ summary: expect.any(String) as string, failing: [] });
  expect(report.sizes['driven']).toBe(25);
  expect(report.sizes['scheduledFaults']).toBeGreaterThanOrEqual(5);
  // runReducedFaults ensures one server-kill (history and matching, kill -9 mid-run), whatever the seed.
  expect(report.info['temporalRestarts']).toBeGreaterThanOrEqual(1);
  // The figures the CI log keeps.
  console.log(`production fault run: ${summary}; history+matching kills ${String(report.info['temporalRestarts'])}`);
}, 420_000);
