/**
 * Static checks of a docker-compose file: pinned images, loopback-only ports, mounts that exist,
 * and named volumes writable by the uid the image runs as. Each check returns a list of problems.
 */
import type { Tree } from './files';

/** One `volumes:` entry of a service in short syntax `source:target[:mode]`. */
export interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
  /** A path on the host (`./...` or `/...`) rather than a named volume. */
  bind: boolean;
}

/** Parses a service's short-syntax volume entries. */
export function mounts(service: Tree): Mount[] {
  return ((service?.volumes ?? []) as string[]).map((entry) => {
    const [source = '', target = '', mode = ''] = String(entry).split(':');
    return { source, target, readOnly: mode.split(',').includes('ro'), bind: /^[./~]/.test(source) };
  });
}

/** The mount of a service whose target directory holds `path`, if any. */
export function mountHolding(service: Tree, path: string): Mount | undefined {
  return mounts(service).find((m) => path === m.target || path.startsWith(`${m.target.replace(/\/$/, '')}/`));
}

/** Every image has an explicit tag that is not a moving one. */
export function checkImagesPinned(compose: Tree): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries<Tree>(compose?.services ?? {})) {
    const image = String(service?.image ?? '');
    if (!image) {
      if (!service?.build) problems.push(`${name}: no image`);
      continue;
    }
    const tag = /:([^:/@]+)(@sha256:[0-9a-f]+)?$/.exec(image)?.[1];
    if (!tag) problems.push(`${name}: image ${image} has no tag`);
    else if (/^(latest|main|master|nightly|edge|dev)$/.test(tag)) problems.push(`${name}: image ${image} uses the moving tag ${tag}`);
    else if (!service?.build && !/^\d+(\.\d+)+/.test(tag)) problems.push(`${name}: image ${image} is not pinned to a version`);
  }
  return problems;
}

/** Every published port is bound to 127.0.0.1. */
export function checkPortsOnLoopback(compose: Tree): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries<Tree>(compose?.services ?? {})) {
    for (const port of (service?.ports ?? []) as unknown[]) {
      if (typeof port !== 'string' || !port.startsWith('127.0.0.1:')) problems.push(`${name}: port ${JSON.stringify(port)} is not bound to 127.0.0.1`);
    }
  }
  return problems;
}

/** Every bind-mounted host path exists (relative to the compose file's directory). */
export function checkBindMountsExist(compose: Tree, exists: (relative: string) => boolean): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries<Tree>(compose?.services ?? {})) {
    for (const m of mounts(service).filter((x) => x.bind)) {
      if (!exists(m.source)) problems.push(`${name}: mounted ${m.source} does not exist`);
    }
  }
  return problems;
}

/** The uid:gid pairs and paths a `chown -R uid:gid path...` command (array or string) changes. */
export function chownedPaths(command: unknown): Map<string, string> {
  const words = Array.isArray(command) ? command.map(String) : String(command ?? '').split(/\s+/);
  const owned = new Map<string, string>();
  const at = words.indexOf('chown');
  if (at < 0) return owned;
  const args = words.slice(at + 1).filter((w) => !w.startsWith('-'));
  const [owner, ...paths] = args;
  for (const path of paths) owned.set(path, String(owner));
  return owned;
}

/**
 * For each service whose image runs as a known non-root uid, every named volume it writes is
 * chowned to that uid by `initService`, and the service waits for that to complete.
 */
export function checkVolumeOwnership(compose: Tree, imageUsers: Readonly<Record<string, string>>, initService: string): string[] {
  const problems: string[] = [];
  const init = compose?.services?.[initService];
  const owned = chownedPaths(init?.command);
  for (const [name, service] of Object.entries<Tree>(compose?.services ?? {})) {
    const image = String(service?.image ?? '').split(':')[0] ?? '';
    const uid = imageUsers[image];
    if (!uid) continue;
    for (const m of mounts(service).filter((x) => !x.bind && !x.readOnly)) {
      const initMount = mounts(init).find((x) => x.source === m.source);
      const owner = initMount ? owned.get(initMount.target) : undefined;
      if (owner !== `${uid}:${uid}`) problems.push(`${name}: volume ${m.source} is not chowned to ${uid}:${uid} by ${initService}`);
    }
    if (service?.depends_on?.[initService]?.condition !== 'service_completed_successfully') {
      problems.push(`${name}: does not wait for ${initService} to complete`);
    }
  }
  return problems;
}
