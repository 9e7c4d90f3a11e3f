import { ConfigError } from '../src/errors';
import { buildResource, parseResourceAttributes } from '../src/resource';
import { hostname } from 'node:os';

describe('buildResource()', () => {
  it('fills in service, host, instance and process identity', () => {
    const attributes = buildResource({ serviceName: 'iris-api', serviceVersion: '1.0.0', environment: 'demo' }, {}).attributes;
    expect(attributes).toMatchObject({
      'service.name': 'iris-api', 'service.version': '1.0.0', 'deployment.environment.name': 'demo',
      'host.name': hostname(), 'process.pid': process.pid, 'telemetry.sdk.language': 'nodejs',
    });
  });

  it('keeps one service.instance.id per process', () => {
    expect(buildResource({}, {}).attributes['service.instance.id']).toBe(buildResource({}, {}).attributes['service.instance.id']);
  });

  it('defaults service.name to unknown_service:node', () => {
    expect(buildResource({}, {}).attributes['service.name']).toBe('unknown_service:node');
  });

  it('merges OTEL_RESOURCE_ATTRIBUTES under the options', () => {
    const attributes = buildResource({ server: 'server-a' }, { OTEL_RESOURCE_ATTRIBUTES: 'host.name=env-host,team=ml,service.name=from-env' }).attributes;
    expect(attributes).toMatchObject({ 'host.name': 'server-a', team: 'ml', 'service.name': 'from-env' });
  });
});

describe('parseResourceAttributes()', () => {
  it('decodes percent-escapes', () => {
    expect(parseResourceAttributes('a=x%2Cy, b = z ')).toEqual({ a: 'x,y', b: 'z' });
  });

  it.each([['novalue'], ['=x'], ['a=%ZZ']])('rejects %p with a ConfigError', (text) => {
    expect(() => parseResourceAttributes(text)).toThrow(ConfigError);
  });
});
