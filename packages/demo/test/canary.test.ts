import { chooseVersion } from '../src/canary';

const both = new Set(['v1', 'v2']);
const route = (share: number, available: ReadonlySet<string> = both) => ({ share, primary: 'v1', canary: 'v2', available });

describe('chooseVersion()', () => {
  it.each([
    [0.3, 0.29, 'v2'],
    [0.3, 0.3, 'v1'],
    [0, 0, 'v1'],
    [1, 0.999, 'v2'],
    [-1, 0, 'v1'],
    [7, 0.999, 'v2'],
  ])('with share %p routes draw %p to %s', (share, draw, version) => {
    expect(chooseVersion(route(share), draw)).toBe(version);
  });

  it('sends canary traffic to the primary when the canary did not load', () => {
    expect(chooseVersion(route(1, new Set(['v1'])), 0)).toBe('v1');
  });

  it('sends primary traffic to the canary when the primary did not load', () => {
    expect(chooseVersion(route(0, new Set(['v2'])), 0.5)).toBe('v2');
  });

  it('returns undefined when no version is loaded', () => {
    expect(chooseVersion(route(0.5, new Set()), 0.1)).toBeUndefined();
  });
});
