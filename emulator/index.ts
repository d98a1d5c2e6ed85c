/**
 * The embedded emulator: `startEmulator(options)` starts a local Tencent Cloud for the five
 * recording products and returns its URL, test credentials, control API, clock and `stop()`.
 */
import { PRODUCT_SERVICES, SERVICE_VERSIONS } from './catalog';
import { type EmulatorKey } from './http/auth';
import { CallbackDispatcher } from './callbacks/delivery';
import { CallbackTargets } from './callbacks/targets';
import { EmulatorClock } from './time/clock';
import { parseOptions, type EmulatorOptions, type EmulatorSettings } from './config';
import { EmulatorControl } from './control/emulator-control';
import { FaultInjector } from './control/faults';
import { Journal } from './control/journal';
import { type ActionHandler } from './products/module';
import { createProducts } from './products/index';
import { RateLimiter } from './http/rate-limit';
import { SignatureClock } from './time/signature-clock';
import { DEFAULT_REGION_RULES } from './http/regions';
import { listen } from './http/server';
import { Rooms } from './world/rooms';
import { Streams } from './world/streams';

export { loopbackAgent } from './http/loopback-agent';
export { EmulatorClock } from './time/clock';
export { EmulatorControl } from './control/emulator-control';
export type { EmulatorOptions, EmulatorSettings } from './config';
export { DEFAULT_CREDENTIALS, emulatorOptionsSchema, parseOptions } from './config';
export type { CallRecord, FileView, Identity, TaskView } from './control/journal';
export type { FaultRule, FaultRuleInput } from './control/faults';
export type { Delivery } from './callbacks/delivery';

/** A running emulator. */
export interface RunningEmulator {
  /** `http://<host>:<port>` — the base URL for clients that route by credential scope. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The first configured key pair (the well-known test pair by default). */
  readonly credentials: { readonly secretId: string; readonly secretKey: string; readonly token?: string };
  readonly control: EmulatorControl;
  readonly clock: EmulatorClock;
  readonly settings: EmulatorSettings;
  /** Closes the server, ends hung calls and drops every timer. */
  stop(): Promise<void>;
}

/** Starts an emulator; options are validated (every problem reported together). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = parseOptions(options);
  const log = (line: string): void => console.error(line);
  const clock = new EmulatorClock({
    mode: settings.clock.mode,
    ...(settings.clock.factor !== undefined ? { factor: settings.clock.factor } : {}),
    ...(settings.clock.startMs !== undefined ? { startMs: settings.clock.startMs } : {}),
  });
  const signatureClock = new SignatureClock(clock, settings.signatureTime);
  const rooms = new Rooms(clock);
  const streams = new Streams(clock);
  const dispatcher = new CallbackDispatcher(clock);
  const targets = new CallbackTargets(settings.callbacks);
  const modules = createProducts({ clock, rooms, streams, dispatcher, targets, settings });
  const faults = new FaultInjector(settings.seed);
  for (const rule of settings.faults) faults.add(rule);
  const journal = new Journal();
  const rateLimiter = new RateLimiter(settings.rateLimits, undefined, () => clock.now());
  const control = new EmulatorControl({
    clock,
    signatureClock,
    modules,
    journal,
    faults,
    configuredFaults: settings.faults,
    rateLimiter,
    dispatcher,
    targets,
    rooms,
    streams,
  });
  const server = await listen(
    settings.host,
    settings.port,
    {
      clock,
      signatureClock,
      keys: new Map<string, EmulatorKey>(settings.credentials.map((k) => [k.secretId, k])),
      maxSkewSeconds: settings.maxSkewSeconds,
      services: serviceTable(modules),
      regionRules: { ...DEFAULT_REGION_RULES, ...settings.regions },
      rateLimiter,
      faults,
      journal,
      log,
    },
    control,
  );
  const first = settings.credentials[0] ?? { secretId: '', secretKey: '' };
  return {
    url: `http://${settings.host}:${server.port}`,
    host: settings.host,
    port: server.port,
    credentials: first,
    control,
    clock,
    settings,
    stop: async () => {
      dispatcher.reset();
      clock.clearAll();
      await server.close();
    },
  };
}

/** service → the version it accepts (the emulator's catalog) and the actions every product of it serves. */
function serviceTable(
  modules: ReturnType<typeof createProducts>,
): Map<string, { version: string; actions: Map<string, ActionHandler> }> {
  const table = new Map<string, { version: string; actions: Map<string, ActionHandler> }>();
  for (const [service, version] of Object.entries(SERVICE_VERSIONS)) {
    table.set(service, { version, actions: new Map() });
  }
  for (const module of modules) {
    const service = table.get(PRODUCT_SERVICES[module.product]);
    for (const [name, handler] of Object.entries(module.actions)) service?.actions.set(name, handler);
  }
  return table;
}
