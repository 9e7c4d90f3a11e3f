/**
 * The receiver under bad input: each case gets the right 4xx, the next request is still
 * served, and the files stay whole (every line valid JSON, only accepted batches in them).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startChildReceiver, type ChildReceiver } from './support/childReceiver';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function post(url: string, path: string, body: Buffer | string, headers: Record<string, string>, method = 'POST'): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request(`${url}${path}`, { method, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const PROTO_TYPE = { 'Content-Type': 'application/x-protobuf' };

function validBatch(message: string): string {
  return JSON.stringify({
    resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 9, body: { stringValue: message } }] }] }],
  });
}

describe('mlotel collect under bad input', () => {
  let receiver: ChildReceiver;
  let accepted = 0;

  async function expectStillServing(): Promise<void> {
    const reply = await post(receiver.url, '/v1/logs', validBatch(`ok ${accepted}`), JSON_TYPE);
    expect(reply.status).toBe(200);
    accepted++;
  }

  beforeAll(async () => {
    receiver = await startChildReceiver(['--max-body', '64KiB', '--request-timeout', '1s', '--quiet']);
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it.each([
    ['malformed JSON', '{"resourceLogs": [', /malformed JSON/],
    ['a JSON array', '[1,2,3]', /body: expected an object/],
    ['resourceLogs of the wrong type', '{"resourceLogs": "yes"}', /resourceLogs: expected an array/],
    [
      'a timestamp that is not an integer',
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"soon"}]}]}]}',
      /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]\.timeUnixNano: expected an integer/,
    ],
    ['a trace id of the wrong length', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"abcd"}]}]}]}', /traceId: expected a 16-byte id/],
    ['an attribute value of the wrong type', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"k","value":{"boolValue":"yes"}}]}]}]}]}', /boolValue: expected a boolean/],
  ])('answers 400 with a JSON Status for %s', async (_name, body, message) => {
    const reply = await post(receiver.url, '/v1/logs', body, JSON_TYPE);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/json');
    const status = JSON.parse(reply.body.toString()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(message);
    await expectStillServing();
  });

  it.each([
    ['a length running past the end', Buffer.from([0x0a, 0xff, 0x01, 0x00])],
    ['an invalid wire type', Buffer.from([0x0f, 0x00])],
    ['a truncated varint', Buffer.from([0x0a, 0x80])],
    ['random text', Buffer.from('this is not protobuf at all, just text')],
  ])('answers 400 with a protobuf Status for garbage protobuf: %s', async (_name, body) => {
    const reply = await post(receiver.url, '/v1/traces', body, PROTO_TYPE);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/x-protobuf');
    // google.rpc.Status: field 1 (code) = 3, then field 2 (message).
    expect([...reply.body.subarray(0, 3)]).toEqual([0x08, 0x03, 0x12]);
    await expectStillServing();
  });

  it('answers 400 for a truncated gzip body', async () => {
    const gz = gzipSync(validBatch('never stored'));
    const reply = await post(receiver.url, '/v1/logs', gz.subarray(0, gz.length - 10), { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body.toString()).message).toMatch(/corrupt gzip body/);
    await expectStillServing();
  });

  it('accepts a well-formed gzip body', async () => {
    const reply = await post(receiver.url, '/v1/logs', gzipSync(validBatch(`ok ${accepted}`)), { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body.toString())).toEqual({ partialSuccess: {} });
    accepted++;
  });

  it('answers 413 to a gzip body that inflates past --max-body', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const reply = await post(receiver.url, '/v1/logs', bomb, { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
    expect(reply.status).toBe(413);
    await expectStillServing();
  });

  it('answers 413 from Content-Length alone, before the body arrives', async () => {
    const reply = await new Promise<Reply>((done, fail) => {
      const req = request(
        `${receiver.url}/v1/logs`,
        { method: 'POST', headers: { ...JSON_TYPE, 'Content-Length': String(10 * 1024 * 1024) } },
        (res) => {
          res.resume();
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }));
          req.destroy();
        },
      );
      req.on('error', (err) => (req.destroyed ? undefined : fail(err)));
      req.write('{"resourceLogs":['); // the rest never comes: the answer must not wait for it
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
    await expectStillServing();
  });

  it('answers 413 to a chunked body as soon as it passes --max-body', async () => {
    const reply = await new Promise<Reply>((done, fail) => {
      const req = request(`${receiver.url}/v1/logs`, { method: 'POST', headers: JSON_TYPE }, (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }));
        req.destroy();
      });
      req.on('error', (err) => (req.destroyed ? undefined : fail(err)));
      req.write(Buffer.alloc(100 * 1024, 0x20)); // over 64 KiB, and never ended
    });
    expect(reply.status).toBe(413);
    await expectStillServing();
  });

  it.each([
    ['text/plain', 415],
    ['application/xml', 415],
  ])('answers %s with %d', async (type, code) => {
    const reply = await post(receiver.url, '/v1/logs', 'x', { 'Content-Type': type });
    expect(reply.status).toBe(code);
    await expectStillServing();
  });

  it('answers 415 to an unsupported Content-Encoding', async () => {
    const reply = await post(receiver.url, '/v1/logs', validBatch('x'), { ...JSON_TYPE, 'Content-Encoding': 'br' });
    expect(reply.status).toBe(415);
    await expectStillServing();
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    expect((await post(receiver.url, '/v1/metrics', '{}', JSON_TYPE)).status).toBe(404);
    const wrongMethod = await post(receiver.url, '/v1/logs', '', JSON_TYPE, 'PUT');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    await expectStillServing();
  });

  it('cuts off a client that stalls mid-body (408) while serving others', async () => {
    const socket = connect(Number(new URL(receiver.url).port), '127.0.0.1');
    socket.on('error', () => undefined);
    let answer = '';
    socket.setEncoding('utf8').on('data', (d: string) => (answer += d));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.write('POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"resou');
    await expectStillServing();
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    await expectStillServing();
  });

  it('kept every accepted batch, and only those, as whole JSON lines', () => {
    const lines = receiver.lines('logs.jsonl') as Array<{ resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ body: { stringValue: string } }> }> }> }>;
    const bodies = lines.map((l) => l.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.body.stringValue);
    expect(bodies).toEqual(Array.from({ length: accepted }, (_, i) => `ok ${i}`));
    expect(receiver.lines('traces.jsonl')).toEqual([]);
  });
});
