/**
 * The worker and the emulator each state the emulator's well-known test key pair (production
 * must not import the emulator); this keeps the two copies equal, and shows a worker built for
 * the emulator provider is let in by an emulator started with its defaults.
 */
import { DEFAULT_CREDENTIALS } from '../../../emulator/index';
import { createCloudCaller, LOCAL_EMULATOR_CREDENTIALS } from '../../../worker/cloud-caller';
import { startTestEmulator } from '../../support/emulator';

describe('the local emulator key pair', () => {
  it('is the same in the worker and in the emulator', () => {
    expect(LOCAL_EMULATOR_CREDENTIALS).toEqual(DEFAULT_CREDENTIALS);
  });

  it('opens an emulator started with default credentials', async () => {
    const emu = await startTestEmulator();
    const cloud = createCloudCaller({ kind: 'emulator', region: 'ap-singapore' }, emu.url);
    try {
      const response = await cloud.call({
        service: 'tiw',
        action: 'DescribeRunningTasks',
        version: '2019-09-19',
        payload: { SdkAppID: 1400000001, TaskType: 'OnlineRecord' },
      });
      expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(emu.control.calls({ action: 'DescribeRunningTasks' })).toMatchObject([{ outcome: 'ok' }]);
    } finally {
      await cloud.close();
      await emu.stop();
    }
  });
});
