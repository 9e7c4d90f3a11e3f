/**
 * Static validation of docker-compose.yml and the vendor compose override. No Docker engine here:
 * these prove from the files that images are pinned, ports stay on 127.0.0.1, every mounted file
 * exists, each service finds its configuration where it reads it, and the uid-10001 services can
 * write their volumes. Each rule is also shown to reject a broken copy.
 */
import { RES_SERVICE_NAME } from '@mlotel/sdk';
import { envReferences } from './stack/collectorChecks';
import {
  checkBindMountsExist,
  checkImagesPinned,
  checkPortsOnLoopback,
  checkVolumeOwnership,
  chownedPaths,
  mountHolding,
} from './stack/composeChecks';
import { clone, readText, readYaml, repoFileExists, type Tree } from './stack/files';

const compose: Tree = readYaml('docker-compose.yml');
const services = compose.services;
const collector: Tree = readYaml('collector-config/otel-collector.yaml');

/** The uid each image runs as (from the images' Dockerfiles: scratch/distroless with USER 10001). */
const IMAGE_USERS = {
  'otel/opentelemetry-collector-contrib': '10001',
  'grafana/loki': '10001',
  'grafana/tempo': '10001',
};

/** The path a service reads its configuration from, taken from its command line. */
function configPathOf(service: Tree, flag: RegExp): string {
  const arg = (service.command as string[]).find((a) => flag.test(a));
  return String(arg).replace(flag, '');
}

describe('docker-compose.yml', () => {
  it('pins every image to a version tag (no latest)', () => {
    expect(checkImagesPinned(compose)).toEqual([]);
  });

  it('publishes ports on 127.0.0.1 only', () => {
    expect(checkPortsOnLoopback(compose)).toEqual([]);
  });

  it('mounts only files and directories that exist in the repository', () => {
    expect(checkBindMountsExist(compose, repoFileExists)).toEqual([]);
  });

  it('lets the uid-10001 collector, Loki and Tempo write their named volumes', () => {
    expect(checkVolumeOwnership(compose, IMAGE_USERS, 'volume-init')).toEqual([]);
    expect(services['volume-init'].user).toBe('0:0');
    expect(services['volume-init'].image).toMatch(/^busybox:\d/);
  });

  it('declares every named volume a service mounts', () => {
    for (const service of Object.values<Tree>(services)) {
      for (const entry of (service.volumes ?? []) as string[]) {
        const source = entry.split(':')[0] as string;
        if (!/^[./]/.test(source)) expect(Object.keys(compose.volumes)).toContain(source);
      }
    }
  });

  it('gives each backend its configuration file where its command reads it, read-only', () => {
    const cases: [string, RegExp, string][] = [
      ['otel-collector', /^--config=/, 'collector-config/otel-collector.yaml'],
      ['loki', /^-config\.file=/, 'collector-config/loki.yaml'],
      ['tempo', /^-config\.file=/, 'collector-config/tempo.yaml'],
    ];
    for (const [name, flag, file] of cases) {
      const path = configPathOf(services[name], flag);
      const mount = mountHolding(services[name], path);
      expect(mount).toMatchObject({ source: `./${file}`, target: path, readOnly: true });
    }
  });

  it('puts the collector file exporter on a writable named volume of the collector', () => {
    const files = Object.entries<Tree>(collector.exporters).filter(([id]) => id.startsWith('file'));
    expect(files.length).toBeGreaterThan(0);
    for (const [, exporter] of files) {
      const mount = mountHolding(services['otel-collector'], exporter.path);
      expect(mount).toMatchObject({ bind: false, readOnly: false });
    }
  });

  it('publishes the collector ports its receivers and health check listen on', () => {
    const ports = (services['otel-collector'].ports as string[]).map((p) => p.split(':')[2]);
    const listen = [
      collector.receivers.otlp.protocols.grpc.endpoint,
      collector.receivers.otlp.protocols.http.endpoint,
      collector.extensions.health_check.endpoint,
    ].map((e: string) => e.split(':')[1]);
    expect(ports.sort()).toEqual(listen.sort());
  });

  it('runs Tempo monolithic and does not publish its OTLP ports (the collector owns 4317/4318)', () => {
    expect(services.tempo.command).toContain('-target=all');
    for (const p of services.tempo.ports as string[]) expect(p).not.toMatch(/:431[78]$/);
  });

  it('gives Grafana anonymous viewer access, its provisioning and the ML dashboard as home', () => {
    const env = services.grafana.environment;
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(env.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
    const provisioning = mountHolding(services.grafana, '/etc/grafana/provisioning/datasources');
    expect(provisioning).toMatchObject({ source: './collector-config/grafana/provisioning', readOnly: true });
    const home = String(env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH);
    const m = mountHolding(services.grafana, home);
    expect(repoFileExists(`${m?.source}${home.slice(String(m?.target).length)}`)).toBe(true);
  });

  it('runs the demo as two servers with different canary shares and one load generator', () => {
    const build = { context: '.', dockerfile: 'packages/demo/Dockerfile' };
    const a = services['demo-a'];
    const b = services['demo-b'];
    for (const demo of [a, b]) {
      expect(demo.build).toEqual(build);
      expect(demo.environment).toMatchObject({
        PORT: '8080',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://otel-collector:${collector.receivers.otlp.protocols.http.endpoint.split(':')[1]}`,
        OTEL_SERVICE_NAME: 'iris-api',
      });
      const share = Number(demo.environment.MLOTEL_CANARY_SHARE);
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    expect(a.environment.MLOTEL_SERVER).not.toBe(b.environment.MLOTEL_SERVER);
    expect(a.environment.MLOTEL_CANARY_SHARE).not.toBe(b.environment.MLOTEL_CANARY_SHARE);
    expect(services.loadgen.build).toEqual(build);
    expect(repoFileExists(build.dockerfile)).toBe(true);
    // service_healthy needs a HEALTHCHECK in the image, or loadgen would never start.
    expect(readText(build.dockerfile)).toMatch(/^HEALTHCHECK /m);
    expect(services.loadgen.depends_on).toEqual({
      'demo-a': { condition: 'service_healthy' },
      'demo-b': { condition: 'service_healthy' },
    });
    expect(services.loadgen.command).toEqual([
      'node', 'packages/demo/dist/cjs/loadgen.js', '--target', 'http://demo-a:8080', '--target', 'http://demo-b:8080', '--forever',
    ]);
  });

  it('names the demo service the way the Tempo trace-to-logs tag expects', () => {
    const datasources: Tree[] = readYaml('collector-config/grafana/provisioning/datasources/datasources.yaml').datasources;
    const tags: Tree[] = datasources.find((d) => d.type === 'tempo').jsonData.tracesToLogsV2.tags;
    expect(tags.map((t) => t.key)).toContain(RES_SERVICE_NAME);
  });
});

describe('compose checks reject broken copies', () => {
  it('reports a latest tag, a missing tag and an unpinned branch tag', () => {
    const c = clone(compose);
    c.services.loki.image = 'grafana/loki:latest';
    c.services.tempo.image = 'grafana/tempo';
    c.services.grafana.image = 'grafana/grafana:main';
    expect(checkImagesPinned(c)).toEqual([
      'loki: image grafana/loki:latest uses the moving tag latest',
      'tempo: image grafana/tempo has no tag',
      'grafana: image grafana/grafana:main uses the moving tag main',
    ]);
  });

  it('reports a port published on every interface', () => {
    const c = clone(compose);
    c.services.grafana.ports = ['3000:3000'];
    expect(checkPortsOnLoopback(c)).toEqual(['grafana: port "3000:3000" is not bound to 127.0.0.1']);
  });

  it('reports a mounted file that does not exist', () => {
    const c = clone(compose);
    c.services.loki.volumes[0] = './collector-config/loki-missing.yaml:/etc/loki/loki.yaml:ro';
    expect(checkBindMountsExist(c, repoFileExists)).toEqual(['loki: mounted ./collector-config/loki-missing.yaml does not exist']);
  });

  it('reports a volume nobody chowns and a service that does not wait for the chown', () => {
    const c = clone(compose);
    c.services['volume-init'].command = ['chown', '-R', '10001:10001', '/volumes/loki-data', '/volumes/tempo-data'];
    delete c.services.tempo.depends_on;
    expect(checkVolumeOwnership(c, IMAGE_USERS, 'volume-init')).toEqual([
      'otel-collector: volume ml-dataset is not chowned to 10001:10001 by volume-init',
      'tempo: does not wait for volume-init to complete',
    ]);
  });

  it('chownedPaths reads both the array and the shell form', () => {
    expect([...chownedPaths(['chown', '-R', '1:1', '/a', '/b'])]).toEqual([['/a', '1:1'], ['/b', '1:1']]);
    expect([...chownedPaths('chown -R 2:2 /c')]).toEqual([['/c', '2:2']]);
  });
});

describe('collector-config/vendors/docker-compose.vendor.yml', () => {
  const PATH = 'collector-config/vendors/docker-compose.vendor.yml';
  const override: Tree = readYaml(PATH);
  const collectorOverride = override.services['otel-collector'];

  it('loads the base config, then the overlay named by MLOTEL_VENDOR from the mounted vendors directory', () => {
    const [base, vendor] = collectorOverride.command as [string, string];
    expect(base).toBe(services['otel-collector'].command[0]);
    const vendorPath = vendor.replace(/^--config=/, '');
    const mount = mountHolding(services['otel-collector'], vendorPath);
    expect(mount).toMatchObject({ source: './collector-config/vendors', readOnly: true });
    expect(vendorPath).toMatch(/\$\{MLOTEL_VENDOR:\?[^}]+\}\.yaml$/);
  });

  it('passes through every variable the vendor overlays read, and nothing else', () => {
    const overlays = ['grafana-cloud', 'datadog', 'honeycomb'].map((v) => readText(`collector-config/vendors/${v}.yaml`));
    const needed = [...new Set(overlays.flatMap(envReferences))].sort();
    expect([...(collectorOverride.environment as string[])].sort()).toEqual(needed);
  });

  it('documents MLOTEL_VENDOR in docs/production.md', () => {
    expect(readText('docs/production.md')).toContain('MLOTEL_VENDOR');
  });
});
