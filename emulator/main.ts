/** Standalone emulator: `npm run emulator -- --port N ...` prints its endpoint and test credentials. */
import { parseCli, USAGE } from './cli';
import { DEFAULT_CREDENTIALS, startEmulator } from './index';

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const emu = await startEmulator(options);
  const { secretId, secretKey } = emu.credentials;
  console.log(`Tencent Cloud recording emulator listening on ${emu.url}`);
  console.log(
    `  services: trtc, tiw, live, trro (Host <service>.tencentcloudapi.com, or any Host: routed by the signature's credential scope)`,
  );
  console.log(
    `  control:  ${emu.url}/_emulator/ (GET tasks, calls, rooms, streams, callbacks; POST clock/advance, faults, reset, ...)`,
  );
  console.log(`  clock:    ${emu.clock.mode}${emu.clock.mode === 'accelerated' ? ` ×${emu.clock.factor}` : ''}`);
  // The well-known test pair is printed in full; a key the user chose is never echoed.
  const shownKey = secretKey === DEFAULT_CREDENTIALS.secretKey ? secretKey : '(the key you configured)';
  console.log(
    `  test credentials (emulator only): TENCENTCLOUD_SECRET_ID=${secretId} TENCENTCLOUD_SECRET_KEY=${shownKey}`,
  );
  const shutdown = (): void => {
    emu.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
