/**
 * Duplicates that can be seen are stopped (issue 8, item 2), on separately run processes: the
 * dev server and a worker process, with the emulator and the gateway in this one. The emulator
 * acts on the first trro-cloud create and drops its answer ("act, then drop"), so a task exists
 * that the workflow never heard of. Its callbacks name the device, so the gateway routes them to
 * the recording by `device:` once no recording holds the TaskId:
 *
 * - callbacks flowing: the lost task's 301 arrives while the workflow waits, it is adopted, and
 *   no second task is ever created;
 * - callbacks delayed past lostTaskWaitMs (a proxy holds them): the workflow creates again, and
 *   when the lost task's 301 finally arrives after our task was adopted, that task is stopped and
 *   the result lists it with a warning; arriving while the second create is still in flight, it
 *   is a candidate: one of the two tasks is kept and the other stopped and listed.
 *
 * Every scenario ends with no running emulator task for its device. The other products where
 * an answer can be lost after the provider acted: tiw-online finds its one task again
 * (ResourceInUse, then DescribeRunningTasks); css-live never sends the create again and its one
 * task ends by itself at EndTime (no TaskId is ever known to stop it earlier).
 */
import { type ServerResponse } from 'node:http';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS, cssWindow } from '../../scripts/scenarios';
import { startTestServer, type ReceivedRequest, type TestServer } from '../support/http-server';
import { startTestStack, type ChildWorker, type TestStack } from '../support/stack';
import { untilTrue } from '../support/wait';

const product = 'trro-cloud';
const scenario = SCENARIOS[product];

let t: TestStack;
/** The shared wait, with this file's log tail on a time-out. */
const until = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> =>
  untilTrue(what, check, { timeoutMs, intervalMs: 100, context: () => t.logs.slice(-20).join('\n') });
let worker: ChildWorker;
let gatewayCallbacks: string;

/**
 * Between the emulator and the gateway: while holding, it answers 503 (the provider retries)
 * and keeps each body; `release()` hands every held body to the gateway at once (a late
 * delivery: the HMAC covers the body and nothing else, so it is as genuine as the first try).
 */
interface CallbackProxy {
  readonly server: TestServer;
  hold(): void;
  release(): Promise<void>;
  /** TaskIds of the callbacks the gateway answered 200. */
  readonly delivered: string[];
}

async function startCallbackProxy(): Promise<CallbackProxy> {
  let holding = false;
  const held: ReceivedRequest[] = [];
  const delivered: string[] = [];
  const forward = async (request: ReceivedRequest): Promise<number> => {
    const sign = request.headers['sign'];
    const response = await fetch(gatewayCallbacks, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(typeof sign === 'string' ? { sign } : {}) },
      body: new Uint8Array(request.body),
    });
    await response.arrayBuffer();
    if (response.status === 200) {
      const info = (JSON.parse(request.body.toString('utf8')) as { EventInfo?: { TaskId?: string } }).EventInfo;
      delivered.push(info?.TaskId ?? '');
    }
    return response.status;
  };
  const server = await startTestServer(async (request, response: ServerResponse) => {
    if (holding) {
      held.push(request);
      response.writeHead(503).end();
      return;
    }
    const status = await forward(request);
    response.writeHead(status).end();
  });
  return {
    server,
    delivered,
    hold: () => {
      holding = true;
    },
    release: async () => {
      holding = false;
      const bodies = new Set<string>();
      for (const request of held.splice(0)) {
        const text = request.body.toString('utf8');
        if (bodies.has(text)) continue; // the provider's retries of one message
        bodies.add(text);
        await forward(request);
      }
    },
  };
}

let proxy: CallbackProxy;

beforeAll(async () => {
  t = await startTestStack({ worker: false });
  gatewayCallbacks = `${t.stack.gateway.url}/callbacks/${product}`;
  proxy = await startCallbackProxy();
  t.emulator.control.setCallbackTarget(product, { url: proxy.server.url });
  worker = await t.spawnWorker();
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await proxy?.server.close();
  await t?.stop();
}, 60_000);
afterEach(() => {
  t.emulator.control.clearFaults();
});

const uniqueId = (label: string): string => `it-dup-${label}-${Date.now().toString(36)}`;

/** Starts a recording whose first create the provider acts on and whose answer it drops. */
async function startWithLostCreate(seq: number, lostTaskWaitMs: number) {
  const identity = scenario.identity(seq);
  const recordId = uniqueId(String(seq));
  scenario.setUp(t.emulator.control, seq);
  t.emulator.control.addFault({ service: 'trro', action: 'CreateCloudRecording', dropResponse: true, times: 1 });
  const { recordings } = t.stack.client;
  await recordings.startRecording(
    scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 20_000, lostTaskWaitMs }),
  );
  const creates = () => t.callsOf('CreateCloudRecording', identity);
  await until('the first create acted on', () => creates().some((c) => c.responseDropped === true));
  const lost = t.emulator.control.tasks({ product, identity })[0]?.taskId ?? '';
  expect(lost).not.toBe('');
  const running = () => t.emulator.control.tasks({ product, identity, running: true }).map((task) => task.taskId);
  return { recordId, identity, lost, creates, running };
}

async function stopAndCheck(recordId: string, running: () => string[]) {
  const { recordings } = t.stack.client;
  await recordings.stop(recordId, { wait: true });
  const result = await recordings.result(recordId, { wait: true });
  await until('no task of the device left running', () => running().length === 0, 30_000);
  return result;
}

test('callbacks flowing: the lost task is adopted from its callback, and no second task is created', async () => {
  const { recordId, lost, creates, running } = await startWithLostCreate(61, 60_000);
  const { recordings } = t.stack.client;
  await waitForState(recordings, recordId, 'Recording', 60_000);
  const status = await recordings.status(recordId);
  expect(status.taskId).toBe(lost);
  expect(creates()).toHaveLength(1);
  expect(running()).toEqual([lost]);
  const result = await stopAndCheck(recordId, running);
  expect(result).toMatchObject({ state: 'Completed', endReason: 'stopped-by-request', taskId: lost, taskIds: [lost] });
  expect(result?.warnings.map((w) => w.code)).toContain('start-uncertain');
  expect(creates()).toHaveLength(1);
  expect(running()).toEqual([]);
}, 180_000);

test('callbacks delayed past lostTaskWaitMs: the second task is adopted, the lost one is stopped once its 301 arrives', async () => {
  proxy.hold();
  try {
    const { recordId, lost, creates, running } = await startWithLostCreate(62, 3_000);
    const { recordings } = t.stack.client;
    await waitForState(recordings, recordId, 'Recording', 60_000);
    expect(creates()).toHaveLength(2);
    const ours = (await recordings.status(recordId)).taskId ?? '';
    expect(ours).not.toBe(lost);
    expect(running().sort()).toEqual([lost, ours].sort()); // the duplicate bills until its callback is seen
    await proxy.release();
    await until('the duplicate stopped', () => !running().includes(lost));
    expect(running()).toEqual([ours]);
    const result = await stopAndCheck(recordId, running);
    expect(result).toMatchObject({ state: 'Completed', taskId: ours, taskIds: [ours, lost] });
    const warning = result?.warnings.find((w) => w.code === 'extra-task-stopped');
    expect(warning?.detail).toContain(lost);
    expect(proxy.delivered).toContain(lost);
  } finally {
    await proxy.release();
  }
}, 180_000);

test('the lost task’s 301 arrives while the second create is in flight: one of the two is kept, the other stopped and listed', async () => {
  proxy.hold();
  try {
    const seq = 63;
    const { recordId, identity, lost, creates, running } = await startWithLostCreate(seq, 3_000);
    // The second create is held 4 s by the provider (the worker's client waits 6 s for an answer).
    t.emulator.control.addFault({ service: 'trro', action: 'CreateCloudRecording', latencyMs: 4_000, times: 1 });
    // Held by the fault, the call is in the journal without its identity yet (that is read when it is handled).
    const pending = () =>
      t.emulator.control.calls({ action: 'CreateCloudRecording' }).filter((c) => c.outcome === 'pending');
    await until('the second create in flight', () => pending().length === 1);
    await proxy.release();
    // The gateway answered 200 (the signal is in history) while our create was still unanswered.
    expect(proxy.delivered).toContain(lost);
    expect(pending()).toHaveLength(1);
    const { recordings } = t.stack.client;
    await waitForState(recordings, recordId, 'Recording', 60_000);
    await until('the second task created', () => t.emulator.control.tasks({ product, identity }).length === 2);
    // Which one is kept depends on whether the held create answers within the client's time-out:
    // if it does, ours is adopted and the lost task (a candidate until then) is stopped; if not, the
    // candidate is adopted and the second task is stopped once its own 301 arrives. Never both kept.
    const ours = (await recordings.status(recordId)).taskId ?? '';
    const other = t.emulator.control.tasks({ product, identity }).find((task) => task.taskId !== ours)?.taskId ?? '';
    expect([ours, other].sort()).toEqual(
      t.emulator.control
        .tasks({ product, identity })
        .map((x) => x.taskId)
        .sort(),
    );
    await until('the duplicate stopped', () => running().length === 1 && running()[0] === ours);
    expect(creates()).toHaveLength(2);
    const result = await stopAndCheck(recordId, running);
    expect(result).toMatchObject({ state: 'Completed', taskId: ours });
    expect([...(result?.taskIds ?? [])].sort()).toEqual([ours, other].sort());
    expect(result?.warnings.find((w) => w.code === 'extra-task-stopped')?.detail).toContain(other);
    expect(running()).toEqual([]);
  } finally {
    await proxy.release();
  }
}, 180_000);

test('tiw-online: act-then-drop on the first create; the retry meets ResourceInUse and the lookup finds the one task', async () => {
  const seq = 64;
  const tiw = SCENARIOS['tiw-online'];
  const identity = tiw.identity(seq);
  const recordId = uniqueId('tiw');
  tiw.setUp(t.emulator.control, seq);
  t.emulator.control.addFault({ service: 'tiw', action: 'StartOnlineRecord', dropResponse: true, times: 1 });
  const { recordings } = t.stack.client;
  await recordings.startRecording(tiw.spec(recordId, seq, Date.now(), { collectTimeoutMs: 20_000 }));
  await waitForState(recordings, recordId, 'Recording', 60_000);
  const tasks = t.emulator.control.tasks({ product: 'tiw-online', identity });
  expect(tasks).toHaveLength(1);
  expect((await recordings.status(recordId)).taskId).toBe(tasks[0]?.taskId);
  await recordings.stop(recordId, { wait: true });
  expect(await recordings.result(recordId, { wait: true })).toMatchObject({ taskIds: [tasks[0]?.taskId] });
  await until(
    'no TIW task left running',
    () => t.emulator.control.tasks({ product: 'tiw-online', identity, running: true }).length === 0,
  );
}, 180_000);

test('css-live: act-then-drop on the first create is never re-sent; the one task ends at its EndTime', async () => {
  const seq = 65;
  const css = SCENARIOS['css-live'];
  const identity = css.identity(seq);
  const recordId = uniqueId('css');
  css.setUp(t.emulator.control, seq);
  t.emulator.control.addFault({ service: 'live', action: 'CreateLiveRecord', dropResponse: true, times: 1 });
  const { recordings } = t.stack.client;
  const base = css.spec(recordId, seq, Date.now(), { collectTimeoutMs: 5_000, lostTaskWaitMs: 3_000 });
  const windowEnd = Date.now() + 30_000;
  await recordings.startRecording({ ...base, params: { ...base.params, ...cssWindow(Date.now(), 30_000) } });
  await waitForState(recordings, recordId, 'Recording', 60_000);
  expect(t.callsOf('CreateLiveRecord', identity)).toHaveLength(1);
  expect(t.emulator.control.tasks({ product: 'css-live', identity })).toHaveLength(1);
  // No TaskId is known (CreateLiveRecord callbacks carry none), so nothing can stop it early: the
  // documented exception of recorders/README.md, bounded by EndTime.
  await until(
    'the css task ended at its EndTime',
    () => t.emulator.control.tasks({ product: 'css-live', identity, running: true }).length === 0,
    windowEnd - Date.now() + 30_000,
  );
  expect(t.callsOf('CreateLiveRecord', identity)).toHaveLength(1);
  // The recording ends by the same bound, and says its start was uncertain.
  const result = await recordings.result(recordId, { wait: true });
  expect(result?.taskIds).toEqual([]);
  expect(result?.warnings.map((w) => w.code)).toContain('start-uncertain');
}, 180_000);
