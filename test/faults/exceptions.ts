/**
 * The documented exceptions: findings that the design accepts for now, each with its reason and
 * where it is documented. This is the only list; the report prints each with its count, and a
 * finding that matches one does not fail the run. Remove an entry when the work it waits for lands.
 */
import { type Finding } from './checks';

export interface DocumentedException {
  readonly id: string;
  /** Why the design accepts it, and what will end it. */
  readonly reason: string;
  /** Where the project documents it. */
  readonly documentedIn: string;
  readonly matches: (finding: Finding) => boolean;
}

export const DOCUMENTED_EXCEPTIONS: readonly DocumentedException[] = [
  {
    id: 'trro-lost-create-task',
    reason:
      'trro-cloud has no idempotency key and a TRRO callback names only its TaskId, so after an ambiguous create ' +
      '(worker or server lost mid-call, answer dropped, 5xx) the lost task cannot be routed to its recording; after ' +
      'lostTaskWaitMs the workflow creates again and the lost task runs until the provider ends it (MaxIdleTime once ' +
      'the device goes offline). Issue 8 item 2 (route TRRO callbacks by ProjectId + DeviceId, stop the duplicate and ' +
      'list it with a warning) ends this exception.',
    documentedIn: 'recorders/README.md (Idempotency per product, trro-cloud); test/integration/create-once.test.ts',
    matches: (f) =>
      f.product === 'trro-cloud' &&
      (f.check === 'duplicate' || f.check === 'orphan') &&
      f.warnings.includes('start-uncertain') &&
      f.taskId !== undefined &&
      !f.declaredTaskIds.includes(f.taskId),
  },
  {
    id: 'create-in-flight-at-terminate',
    reason:
      'an operator terminated the workflow while its create call was in flight (its worker killed, the answer not ' +
      'back): trtc-cloud and trro-cloud give no way to find a task whose TaskId never came back (TRTC describes ' +
      'only by TaskId, TRRO has no describe or list), and callbacks for it find the recording closed. The ' +
      'recording says so: its status reads Terminated with closure.startMayHaveCreated true, and the orphan sweep ' +
      'stops any task the run had seen start on its device (trro-cloud candidates); trtc-web and tiw-online are ' +
      'looked up and stopped. The task runs until the provider ends it (MaxIdleTime once the room or device is idle).',
    documentedIn: 'client/recordings/closure.ts (startMayHaveCreated); worker/orphan-finder.ts; issue 8 closing note',
    matches: (f) =>
      (f.product === 'trtc-cloud' || f.product === 'trro-cloud') &&
      f.check === 'orphan' &&
      f.closedState === 'Starting' &&
      f.taskId !== undefined &&
      !f.declaredTaskIds.includes(f.taskId),
  },
];

export function exceptionFor(finding: Finding): DocumentedException | undefined {
  return DOCUMENTED_EXCEPTIONS.find((e) => e.matches(finding));
}
