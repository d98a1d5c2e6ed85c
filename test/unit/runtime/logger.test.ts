/** One JSON line per message, levels honoured, secret-named fields redacted at any depth. */
import { inspect } from 'node:util';
import { LoggerWithComposedMetadata } from '@temporalio/common';
import { createLogger, type JsonLogger, type LogLevel } from '../../../runtime/logger';
import { REDACTED, Secret, isSecretKeyName, redact } from '../../../runtime/redact';

function collecting(level: LogLevel = 'TRACE'): { logger: JsonLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level,
    sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    clock: () => new Date('2024-05-01T00:00:00.000Z'),
    fields: { service: 'worker' },
  });
  return { logger, lines };
}

describe('JsonLogger', () => {
  test('prints one JSON object with time, level, message and fields', () => {
    const { logger, lines } = collecting();
    logger.info('recording started', { recordId: 'r-1', taskId: 't-9' });
    expect(lines).toEqual([
      {
        service: 'worker',
        recordId: 'r-1',
        taskId: 't-9',
        time: '2024-05-01T00:00:00.000Z',
        level: 'INFO',
        msg: 'recording started',
      },
    ]);
  });

  test('drops messages below its level', () => {
    const { logger, lines } = collecting('WARN');
    logger.debug('hidden');
    logger.info('hidden');
    logger.warn('shown');
    logger.error('shown too');
    logger.log('TRACE', 'hidden');
    expect(lines.map((l) => l.level)).toEqual(['WARN', 'ERROR']);
  });

  test('redacts secret-named fields anywhere in nested metadata', () => {
    const { logger, lines } = collecting();
    logger.info('calling provider', {
      request: {
        SecretId: 'AKIDexample',
        SecretKey: 'sk-1',
        UserSig: 'sig-2',
        nested: [{ RecordUserSig: 'sig-3', StorageParams: { CloudStorage: { AccessKey: 'ak-4', SecretKey: 'sk-5' } } }],
        headers: { Authorization: 'TC3-HMAC-SHA256 Credential=AKID/...', 'X-TC-Token': 'tok-6' },
      },
      PAYLOAD_ENCRYPTION_KEY: 'key-7',
      callbackKey: new Secret('cb-8'),
      plain: 'RoomId 3560',
    });
    const text = JSON.stringify(lines);
    for (const secret of ['AKIDexample', 'sk-1', 'sig-2', 'sig-3', 'ak-4', 'sk-5', 'AKID/', 'tok-6', 'key-7', 'cb-8']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('RoomId 3560');
    const request = lines[0]?.request as Record<string, unknown>;
    expect(request.SecretKey).toBe(REDACTED);
    expect((request.headers as Record<string, unknown>).Authorization).toBe(REDACTED);
  });

  test('child loggers carry their fields and the fixed keys cannot be forged', () => {
    const { logger, lines } = collecting();
    logger.child({ recordId: 'r-2' }).warn('slow', { level: 'fake', msg: 'fake', time: 'fake' });
    expect(lines[0]).toMatchObject({ recordId: 'r-2', level: 'WARN', msg: 'slow', time: '2024-05-01T00:00:00.000Z' });
  });

  test('errors, cycles, bytes and bigints never break a line', () => {
    const { logger, lines } = collecting();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = Object.assign(new Error('provider said no', { cause: new Error('socket reset') }), {
      code: 'InternalError',
      SecretKey: 'sk-9',
    });
    logger.error('failed', { error, cyclic, body: Buffer.from('secret bytes'), count: 10n });
    const line = lines[0] as Record<string, Record<string, unknown>>;
    expect(line.error).toMatchObject({
      name: 'Error',
      message: 'provider said no',
      code: 'InternalError',
      SecretKey: REDACTED,
      cause: { message: 'socket reset' },
    });
    expect(line.cyclic).toEqual({ name: 'loop', self: '[circular]' });
    expect(line.body).toBe('[12 bytes]');
    expect(line.count).toBe('10');
  });

  test('works behind the SDK metadata wrapper, dropping the symbol keys it adds', () => {
    const { logger, lines } = collecting();
    const wrapped = LoggerWithComposedMetadata.compose(logger, { sdkComponent: 'worker', taskQueue: 'recordings' });
    wrapped.warn('poll failed', { [Symbol('LogTimestamp')]: 1n, UserSig: 'sig-x' });
    expect(lines).toEqual([
      expect.objectContaining({
        sdkComponent: 'worker',
        taskQueue: 'recordings',
        UserSig: REDACTED,
        level: 'WARN',
        msg: 'poll failed',
      }),
    ]);
  });
});

describe('JsonLogger ids and pino', () => {
  test('recordId comes from the SDK workflowId, RequestId and TaskId from a provider error', () => {
    const { logger, lines } = collecting();
    const error = Object.assign(new Error('no such task'), { requestId: 'req-77', code: 'ResourceNotFound' });
    logger.warn('activity failed', { workflowId: 'recording:lesson-42', activityType: 'stopTask', error });
    expect(lines[0]).toMatchObject({ recordId: 'lesson-42', requestId: 'req-77', workflowId: 'recording:lesson-42' });
  });

  test('a Fastify request log through the shared pino instance has its authorization header censored', () => {
    const { logger, lines } = collecting();
    logger.pino.info(
      { req: { method: 'POST', headers: { authorization: 'Bearer tok-1', host: 'x' } } },
      'incoming request',
    );
    expect(JSON.stringify(lines)).not.toContain('tok-1');
    expect(lines[0]).toMatchObject({ level: 'INFO', msg: 'incoming request', req: { headers: { host: 'x' } } });
  });
});

describe('redact', () => {
  test('matches secret names regardless of case and punctuation', () => {
    for (const name of [
      'SecretKey',
      'secret_key',
      'TENCENTCLOUD_SECRET_ID',
      'userSig',
      'RecordUserSig',
      'accessKey',
      'x-tc-token',
      'SessionToken',
      'authorization',
      'PAYLOAD_ENCRYPTION_KEY',
      'PrivateMapKey',
      'TRTC_CALLBACK_KEY',
    ]) {
      expect(isSecretKeyName(name)).toBe(true);
    }
    for (const name of ['RoomId', 'TaskId', 'recordId', 'SdkAppId', 'UserId', 'StreamName', 'Sign']) {
      expect(isSecretKeyName(name)).toBe(false);
    }
  });

  test('leaves null and undefined secret fields as they are, so absence stays visible', () => {
    expect(redact({ SecretKey: null, UserSig: undefined, Token: '' })).toEqual({
      SecretKey: null,
      UserSig: undefined,
      Token: REDACTED,
    });
  });

  test('Secret never shows its value through JSON, strings or inspect', () => {
    const secret = new Secret('hunter2');
    expect(JSON.stringify({ secret })).toBe(`{"secret":"${REDACTED}"}`);
    expect(`${String(secret)}`).toBe(REDACTED);
    expect(inspect({ secret }, { depth: null, showHidden: true })).not.toContain('hunter2');
    expect(secret.reveal()).toBe('hunter2');
  });
});
