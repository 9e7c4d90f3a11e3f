import { getLogger } from '../../src/logger';
import { knownLoggerNames } from '../../src/internal/hierarchy';

// Level changes recompute only the subtree of the logger that changed (docs/reliability.md, F4).
describe('logger hierarchy', () => {
  afterEach(() => {
    getLogger().setLevel('INFO');
  });

  it('keeps 10,000 loggers at the right effective level through level changes at every depth', () => {
    const names: string[] = [];
    for (let i = 0; i < 10_000; i++) names.push(`h${i % 10}.svc${i % 100}.req${i}`);
    for (const name of names) getLogger(name);
    getLogger('h3').setLevel('DEBUG');
    getLogger('h3.svc13').setLevel('ERROR');
    getLogger('h4.svc14.req14').setLevel('CRITICAL');
    getLogger().setLevel('WARNING');
    for (let i = 0; i < 10_000; i++) {
      const log = getLogger(names[i]);
      const expected = i === 14 ? 50 : i % 100 === 13 ? 40 : i % 10 === 3 ? 10 : 30;
      expect(log.getEffectiveLevel()).toBe(expected);
      expect(log.isEnabledFor(expected)).toBe(true);
      expect(log.isEnabledFor(expected - 1)).toBe(false);
    }
    getLogger('h3').setLevel('NOTSET');
    getLogger('h3.svc13').setLevel(0);
    expect(getLogger('h3.svc13.req13').getEffectiveLevel()).toBe(30);
    expect(getLogger('h3.svc23.req23').getEffectiveLevel()).toBe(30);
  });

  it('a logger created between an existing parent and child becomes the child\'s parent', () => {
    const child = getLogger('late.a.b.c');
    getLogger('late').setLevel('ERROR');
    expect(child.getEffectiveLevel()).toBe(40);
    getLogger('late.a.b').setLevel('DEBUG');
    expect(child.getEffectiveLevel()).toBe(10);
    expect(getLogger('late.a').getEffectiveLevel()).toBe(40);
    getLogger('late.a.b').setLevel('NOTSET');
    expect(child.getEffectiveLevel()).toBe(40);
  });

  it('handles a name with 100,000 dots without overflowing the stack', () => {
    const deep = getLogger(`deep${'.x'.repeat(100_000)}`);
    getLogger('deep').setLevel('ERROR');
    expect(deep.getEffectiveLevel()).toBe(40);
    expect(deep.isEnabledFor(30)).toBe(false);
  });

  it('names starting with a dot hang off the root, and "root.x" is a child of the root', () => {
    getLogger().setLevel('ERROR');
    expect(getLogger('.lead').getEffectiveLevel()).toBe(40);
    expect(getLogger('root.x').getEffectiveLevel()).toBe(40);
    expect(knownLoggerNames()).toContain('late.a');
  });
});
