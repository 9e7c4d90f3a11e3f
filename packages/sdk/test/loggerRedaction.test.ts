import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { InitOptions } from '../src/config';
import { getLogger } from '../src/logger';
import { DEFAULT_REDACT_KEYS, REDACTED } from '../src/ml/redaction';
import { resetOtelGlobals, startMemoryPipeline, type MemoryPipeline } from './helpers/memoryPipeline';

// Redaction of ordinary records (attributes, object bodies, child() bindings, exception()
// attributes) through the real SDK and a real sdk-logs pipeline kept in memory: what is
// asserted is what an exporter would send.

const HASH_KEY = 'a-test-hash-key-of-32-characters';
const hmac = (value: string): string => `hmac-sha256:${createHmac('sha256', HASH_KEY).update(value).digest('hex')}`;

let pipe: MemoryPipeline | undefined;
const start = (options: InitOptions = {}): MemoryPipeline => {
  resetOtelGlobals();
  pipe = startMemoryPipeline(options);
  return pipe;
};
afterEach(async () => {
  await pipe?.close();
  pipe = undefined;
});

const attrs = (record: ReadableLogRecord): Record<string, unknown> => record.attributes as Record<string, unknown>;

describe('ordinary records with the default redaction list', () => {
  it('redacts password, api_key, token and authorization in flat attributes and keeps the rest', () => {
    const p = start();
    getLogger('rd.flat').info('x', { password: 'p1', api_key: 'k1', token: 't1', authorization: 'Bearer a1', user: 'ann', n: 3 });
    expect(attrs(p.last())).toEqual({ password: REDACTED, api_key: REDACTED, token: REDACTED, authorization: REDACTED, user: 'ann', n: 3 });
  });

  it('redacts at any depth: nested objects, arrays of objects, deeper than the inline check', () => {
    const p = start();
    getLogger('rd.nested').info('x', {
      ctx: { tenant: 'acme', password: 'p1' },
      list: [{ token: 't1', id: 1 }],
      deep: { a: { b: { c: { Secret: 's1', keep: true } } } },
    });
    expect(attrs(p.last())).toEqual({
      ctx: { tenant: 'acme', password: REDACTED },
      list: [{ token: REDACTED, id: 1 }],
      deep: { a: { b: { c: { Secret: REDACTED, keep: true } } } },
    });
  });

  it('matches dotted keys by their last segment, case-insensitively, ignoring - and _', () => {
    const p = start();
    getLogger('rd.dotted').info('x', { 'user.password': 'p1', 'http.request.header.x-api-key': 'k1', 'HTTP.Cookie': 'c1', 'user.name': 'ann' });
    expect(attrs(p.last())).toEqual({ 'user.password': REDACTED, 'http.request.header.x-api-key': REDACTED, 'HTTP.Cookie': REDACTED, 'user.name': 'ann' });
  });

  it('redacts child() bindings, along a chain of children and next to the call attributes', () => {
    const p = start();
    const log = getLogger('rd.child').child({ api_key: 'k1', route: '/predict' }).child({ session: { token: 't1' } });
    log.info('x', { rows: 3 });
    expect(attrs(p.last())).toEqual({ api_key: REDACTED, route: '/predict', session: { token: REDACTED }, rows: 3 });
    log.info('y');
    expect(attrs(p.last())).toEqual({ api_key: REDACTED, route: '/predict', session: { token: REDACTED } });
  });

  it('redacts the attributes of exception() and keeps exception.*', () => {
    const p = start();
    getLogger('rd.exc').exception('failed', new TypeError('boom'), { password: 'p1', rows: 3 });
    expect(attrs(p.last())).toMatchObject({ password: REDACTED, rows: 3, 'exception.type': 'TypeError', 'exception.message': 'boom' });
  });

  it('redacts next to an Error under err, and with an Error as the message', () => {
    const p = start();
    const log = getLogger('rd.err');
    log.error('failed', { err: new Error('e1'), token: 't1' });
    expect(attrs(p.last())).toMatchObject({ token: REDACTED, 'exception.message': 'e1' });
    log.error(new Error('e2'), { authorization: 'Bearer a1' });
    expect(attrs(p.last())).toMatchObject({ authorization: REDACTED, 'exception.message': 'e2' });
  });

  it('redacts an object body, at any depth', () => {
    const p = start();
    getLogger('rd.body').info({ msg: 'login', password: 'p1', headers: { Authorization: 'Bearer a1', accept: 'json' } });
    expect(p.last().body).toEqual({ msg: 'login', password: REDACTED, headers: { Authorization: REDACTED, accept: 'json' } });
  });

  it('redacts inside values that have to be copied first: Maps, class instances, a non-map argument', () => {
    const p = start();
    class Credentials {
      user = 'ann';
      password = 'p1';
    }
    const log = getLogger('rd.copied');
    log.info('x', { headers: new Map([['cookie', 'c1'], ['accept', 'json']]), login: new Credentials(), big: 10n });
    expect(attrs(p.last())).toEqual({ headers: { cookie: REDACTED, accept: 'json' }, login: { user: 'ann', password: REDACTED }, big: '10' });
    log.info('y', [{ token: 't1' }] as never);
    expect(attrs(p.last())).toEqual({ 'mlotel.argument': [{ token: REDACTED }] });
  });

  it('replaces the whole value under a sensitive key, whatever its type', () => {
    const p = start();
    getLogger('rd.whole').info('x', { credentials: { user: 'ann', pass: 'p1' }, secret: 42, token: null });
    expect(attrs(p.last())).toEqual({ credentials: REDACTED, secret: REDACTED, token: REDACTED });
  });

  it('does not mutate what the caller passed', () => {
    start();
    const given = { password: 'p1', ctx: { token: 't1' } };
    const bound = { api_key: 'k1' };
    getLogger('rd.mut').child(bound).info(given, given);
    expect(given).toEqual({ password: 'p1', ctx: { token: 't1' } });
    expect(bound).toEqual({ api_key: 'k1' });
  });
});

describe('ordinary records with the redact option', () => {
  it('redacts custom paths and wildcards relative to the attributes and to an object body', () => {
    const p = start({ redact: ['user.email', '*.ssn'] });
    const log = getLogger('rd.paths');
    log.info('x', { user: { email: 'a@b.c', name: 'ann' }, patient: { ssn: '123' }, ssn: 'top', password: 'p1' });
    expect(attrs(p.last())).toEqual({ user: { email: REDACTED, name: 'ann' }, patient: { ssn: REDACTED }, ssn: 'top', password: REDACTED });
    log.info({ user: { email: 'a@b.c' } });
    expect(p.last().body).toEqual({ user: { email: REDACTED } });
    log.child({ user: { email: 'a@b.c' } }).info('bound');
    expect(attrs(p.last())).toEqual({ user: { email: REDACTED } });
  });

  it('hashes with the hash key, the same for a value in attributes, body, binding and ML event, hashed once', () => {
    const p = start({ redact: { hashKey: HASH_KEY } });
    const log = getLogger('rd.hmac');
    log.info('x', { password: 'p1', ctx: { token: 't1' } });
    expect(attrs(p.last())).toEqual({ password: hmac('p1'), ctx: { token: hmac('t1') } });
    log.info({ password: 'p1' });
    expect(p.last().body).toEqual({ password: hmac('p1') });
    const child = log.child({ api_key: 'k1' });
    child.info('bound', { n: 1 });
    expect(attrs(p.last())).toEqual({ api_key: hmac('k1'), n: 1 });
    child.prediction({ id: 'p-1', output: 1, attributes: { token: 't1' } });
    expect(attrs(p.last())).toMatchObject({ api_key: hmac('k1'), token: hmac('t1') });
    const handle = child.startPrediction({ id: 'p-2', attributes: { token: 't1' } });
    handle.end({ output: 1, attributes: { password: 'p1' } });
    expect(attrs(p.last())).toMatchObject({ api_key: hmac('k1'), token: hmac('t1'), password: hmac('p1') });
  });

  it('applies the init() options to a child bound before init()', async () => {
    const early = getLogger('rd.early').child({ api_key: 'k1' });
    const p = start({ redact: { hashKey: HASH_KEY } });
    early.info('x');
    expect(attrs(p.last())).toEqual({ api_key: hmac('k1') });
    await p.close();
    const q = start({ redact: false });
    early.info('y');
    expect(attrs(q.last())).toEqual({ api_key: 'k1' });
  });

  it('leaves everything in clear with redact: false', () => {
    const p = start({ redact: false });
    const log = getLogger('rd.off');
    log.child({ api_key: 'k1' }).info('x', { password: 'p1', ctx: { token: 't1' }, 'user.password': 'p2' });
    expect(attrs(p.last())).toEqual({ api_key: 'k1', password: 'p1', ctx: { token: 't1' }, 'user.password': 'p2' });
    log.info({ authorization: 'Bearer a1' });
    expect(p.last().body).toEqual({ authorization: 'Bearer a1' });
    log.exception('failed', new Error('e'), { secret: 's1' });
    expect(attrs(p.last())).toMatchObject({ secret: 's1' });
  });

  it('keeps the default list off but the paths on with defaults: false', () => {
    const p = start({ redact: { paths: ['user.email'], defaults: false } });
    getLogger('rd.nodefaults').info('x', { user: { email: 'a@b.c' }, password: 'p1' });
    expect(attrs(p.last())).toEqual({ user: { email: REDACTED }, password: 'p1' });
  });
});

// A secret is a string starting with #secret# placed only under default-list keys (in any
// spelling the list matches, dotted or not); nothing else contains it (no key can: keys here have
// no #). Whatever the shape, no exported record may contain it.
const SECRET = '#secret#';
const NORMALISED = new Set(DEFAULT_REDACT_KEYS.map((k) => k.toLowerCase().replace(/[-_]/g, '')));
const onList = (key: string): boolean => NORMALISED.has((key.split('.').pop() as string).toLowerCase().replace(/[-_]/g, ''));

const sensitiveKey = fc.tuple(fc.constantFrom(...DEFAULT_REDACT_KEYS), fc.constantFrom('lower', 'upper', 'camel', 'dash', 'plain'), fc.constantFrom('', 'http.header.', 'user.'))
  .map(([key, spelling, prefix]) => {
    const spelled = spelling === 'upper' ? key.toUpperCase()
      : spelling === 'camel' ? key.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase())
        : spelling === 'dash' ? key.replace(/_/g, '-') : key;
    return prefix + spelled;
  });
const plainKey = fc.stringMatching(/^[a-zA-Z_.-]{1,12}$/).filter((k) => !onList(k) && k !== '__proto__');
const plainLeaf = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 }).filter((s) => !s.includes(SECRET)));
const secretValue = fc.oneof(
  fc.nat().map((n) => `${SECRET}${n}`),
  fc.nat().map((n) => ({ inner: `${SECRET}${n}` })),
  fc.nat().map((n) => [`${SECRET}${n}`]),
);
const tree = fc.letrec<{ node: Record<string, unknown>; value: unknown }>((tie) => ({
  node: fc.array(fc.oneof(fc.tuple(sensitiveKey, secretValue), fc.tuple(plainKey, tie('value'))), { maxLength: 6 })
    .map((entries) => Object.fromEntries(entries) as Record<string, unknown>),
  value: fc.oneof({ depthSize: 'small' }, plainLeaf, tie('node'), fc.array(tie('node'), { maxLength: 3 })),
})).node;

describe.each([
  ['[REDACTED]', {}],
  ['HMAC', { redact: { hashKey: HASH_KEY } }],
] as const)('the default list, at any depth (%s)', (_name, options) => {
  it('lets no value under a default-list key through in clear, in attributes, bodies, bindings or exception()', () => {
    const p = start(options as InitOptions);
    const log = getLogger('rd.property');
    fc.assert(fc.property(tree, tree, (a, b) => {
      p.clear();
      log.info('x', a);
      log.info(a);
      log.child(a).info('y', b);
      log.exception('z', new Error('e'), a);
      const records = p.records();
      expect(records).toHaveLength(4);
      for (const record of records) {
        const text = JSON.stringify([record.body, record.attributes]);
        if (text.includes(SECRET)) throw new Error(`a secret was exported: ${text}`);
      }
    }), { numRuns: 300 });
  });
});
