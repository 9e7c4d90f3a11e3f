import { parseLoadgenArgs, UsageError } from '../src/loadgenArgs';
import { parseStartArgs } from '../src/startArgs';
import { readServerConfig, ServerConfigError } from '../src/serverConfig';

describe('parseLoadgenArgs()', () => {
  it('collects repeated --target options and strips trailing slashes', () => {
    const args = parseLoadgenArgs(['--target', 'http://demo-a:8080/', '--target', 'http://demo-b:8080']);
    expect(args.load.targets).toEqual(['http://demo-a:8080', 'http://demo-b:8080']);
    expect(args.load.requests).toBe(300);
  });

  it('runs without a request bound, paced at 20/s, with --forever', () => {
    const args = parseLoadgenArgs(['--forever']);
    expect(args.load.requests).toBe(Infinity);
    expect(args.load.maxDurationMs).toBeUndefined();
    expect(args.load.rate).toBe(20);
  });

  it.each([
    [['--requests', '0'], /--requests "0" is not a number between 1/],
    [['--feedback-share', '2'], /--feedback-share "2" is not a number between 0 and 1/],
    [['--target', 'demo-a:8080'], /is not a base URL/],
    [['--bogus'], /Unknown option/],
  ])('refuses %p', (argv, message) => {
    expect(() => parseLoadgenArgs(argv)).toThrow(UsageError);
    expect(() => parseLoadgenArgs(argv)).toThrow(message);
  });
});

describe('parseStartArgs()', () => {
  it('defaults to 300 requests into ./mlotel-data, cleared', () => {
    expect(parseStartArgs([])).toEqual({ forever: false, requests: 300, dataDir: 'mlotel-data', keepData: false, feedbackAll: false, help: false });
  });

  it('reads the test options', () => {
    const args = parseStartArgs(['--requests', '40', '--data-dir', '/tmp/x', '--feedback-all', '--forever']);
    expect(args).toMatchObject({ requests: 40, dataDir: '/tmp/x', feedbackAll: true, forever: true });
  });

  it('refuses a non-integer request count', () => {
    expect(() => parseStartArgs(['--requests', '1.5'])).toThrow(/--requests "1.5" is not a whole number/);
  });
});

describe('readServerConfig()', () => {
  it('uses the documented defaults', () => {
    const config = readServerConfig({});
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', canaryShare: 0, serviceName: 'iris-api', level: 'INFO,demo.scoring=DEBUG', failVersions: [] });
  });

  it('reads the compose variables', () => {
    const config = readServerConfig({ PORT: '0', MLOTEL_SERVER: 'server-a', MLOTEL_CANARY_SHARE: '0.3', OTEL_SERVICE_NAME: 'iris', MLOTEL_DEMO_FAIL_MODEL: 'v2, v3' });
    expect(config).toMatchObject({ port: 0, server: 'server-a', canaryShare: 0.3, serviceName: 'iris', failVersions: ['v2', 'v3'] });
  });

  it.each([
    [{ PORT: 'http' }, /PORT="http" is not a port number/],
    [{ PORT: '70000' }, /PORT="70000"/],
    [{ MLOTEL_CANARY_SHARE: '30%' }, /MLOTEL_CANARY_SHARE="30%" is not a number between 0 and 1/],
    [{ MLOTEL_CANARY_SHARE: '1.5' }, /MLOTEL_CANARY_SHARE/],
  ])('refuses %p with a message naming the variable', (env, message) => {
    expect(() => readServerConfig(env)).toThrow(ServerConfigError);
    expect(() => readServerConfig(env)).toThrow(message);
  });
});
