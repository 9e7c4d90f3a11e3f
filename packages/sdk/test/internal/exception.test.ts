import { exceptionAttributes, isErrorLike } from '../../src/internal/exception';

function attributesOf(thrown: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  exceptionAttributes(thrown, out);
  return out;
}

describe('exceptionAttributes()', () => {
  it('maps type, message and stack of an Error', () => {
    const error = new RangeError('out of range');
    expect(attributesOf(error)).toEqual({
      'exception.type': 'RangeError', 'exception.message': 'out of range', 'exception.stacktrace': error.stack,
    });
  });

  it('uses the class name of a subclass that keeps the name Error', () => {
    class ModelLoadError extends Error {}
    expect(attributesOf(new ModelLoadError('x'))['exception.type']).toBe('ModelLoadError');
  });

  it('appends the cause chain to the stacktrace', () => {
    const root = new Error('disk');
    const middle = new Error('read', { cause: root });
    const top = new Error('load', { cause: middle });
    const stack = attributesOf(top)['exception.stacktrace'] as string;
    expect(stack.indexOf('Error: load')).toBeLessThan(stack.indexOf('Caused by: Error: read'));
    expect(stack.indexOf('Caused by: Error: read')).toBeLessThan(stack.indexOf('Caused by: Error: disk'));
  });

  it('stops at a cause cycle and at non-Error causes', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(attributesOf(a)['exception.stacktrace']).toMatch(/Caused by: \[Circular\]$/);
    expect(attributesOf(new Error('x', { cause: 'plain reason' }))['exception.stacktrace']).toMatch(/Caused by: plain reason$/);
  });

  it('leaves exception.message out for an empty message', () => {
    expect(attributesOf(new Error())).not.toHaveProperty('exception.message');
  });

  it.each([
    ['a string', 'boom', { 'exception.type': 'string', 'exception.message': 'boom' }],
    ['a number', 42, { 'exception.type': 'number', 'exception.message': '42' }],
    ['undefined', undefined, { 'exception.type': 'undefined' }],
  ])('maps a thrown %s', (_name, thrown, expected) => {
    expect(attributesOf(thrown)).toEqual(expected);
  });

  it('survives an error whose getters throw', () => {
    const hostile = Object.create(Error.prototype, {
      message: { get() { throw new Error('no'); } },
      stack: { get() { throw new Error('no'); } },
      cause: { get() { throw new Error('no'); } },
    }) as Error;
    expect(() => attributesOf(hostile)).not.toThrow();
    expect(attributesOf(hostile)['exception.type']).toBe('Error');
  });
});

describe('isErrorLike()', () => {
  it('recognises Errors and error-shaped objects, not other values', () => {
    expect(isErrorLike(new Error('x'))).toBe(true);
    expect(isErrorLike({ message: 'm', stack: 's' })).toBe(true);
    expect(isErrorLike({ message: 'm' })).toBe(false);
    expect(isErrorLike('Error: x')).toBe(false);
    expect(isErrorLike(new Proxy({}, { getPrototypeOf() { throw new Error('no'); } }))).toBe(false);
  });
});
