import { devServerArgs } from '../../../worker/dev-server';

describe('devServerArgs', () => {
  const base = { dbFile: '/tmp/t.sqlite', port: 7233, namespace: 'default', searchAttributes: [] };

  it('passes each SQLite pragma as --sqlite-pragma name=value', () => {
    const args = devServerArgs({ ...base, sqlitePragmas: { journal_mode: 'wal', synchronous: 'normal' } });
    const pragmas = args.flatMap((a, i) => (a === '--sqlite-pragma' ? [args[i + 1]] : []));
    expect(pragmas).toEqual(['journal_mode=wal', 'synchronous=normal']);
  });

  it('passes none when no pragma is set', () => {
    expect(devServerArgs(base)).not.toContain('--sqlite-pragma');
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
