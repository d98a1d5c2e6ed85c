import { devServerArgs } from '../../../worker/dev-server';

describe('devServerArgs', () => {
  const base = { dbFile: '/tmp/t.sqlite', port: 7233, namespace: 'default', searchAttributes: [] };

  it('passes each SQLite pragma as --sqlite-pragma name=value', () => {
    const args = devServerArgs({ ...base, sqlitePragmas: { journal_mode: 'wal', synchronous: 'normal' } });
    const pragmas = args.flatMap((a, i) => (a === '--sqlite-pragma' ? [args[i + 1]] : []));
    expect(pragmas).toEqual(['journal_mode=wal', 'synchronous=normal']);
  });

  it('uses WAL with synchronous=NORMAL by default (the local stack), none when given {}', () => {
    const pragmas = (args: string[]) => args.flatMap((a, i) => (a === '--sqlite-pragma' ? [args[i + 1]] : []));
    expect(pragmas(devServerArgs(base))).toEqual(['journal_mode=wal', 'synchronous=normal']);
    expect(devServerArgs({ ...base, sqlitePragmas: {} })).not.toContain('--sqlite-pragma');
    expect(devServerArgs(base).slice(0, 8)).toEqual([
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      '7233',
      '--db-filename',
      '/tmp/t.sqlite',
    ]);
  });
});
