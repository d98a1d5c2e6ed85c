import { parseOptions } from './options';

describe('fault-suite options', () => {
  test('ensureFaults takes a comma list or an array of scheduled faults, none by default', () => {
    expect(parseOptions({ seed: 1 }).ensureFaults).toEqual([]);
    expect(parseOptions({ seed: 1, ensureFaults: 'server-kill, terminate' }).ensureFaults).toEqual([
      'server-kill',
      'terminate',
    ]);
    expect(parseOptions({ seed: 1, ensureFaults: ['worker-kill'] }).ensureFaults).toEqual(['worker-kill']);
  });

  test('a callback fault cannot be ensured: the proxy decides those per callback', () => {
    expect(() => parseOptions({ seed: 1, ensureFaults: 'callback-splice' })).toThrow(/injected per callback/);
  });

  test('an unknown kind names the field', () => {
    expect(() => parseOptions({ seed: 1, ensureFaults: 'disk-full' })).toThrow(/ensureFaults/);
  });
});
