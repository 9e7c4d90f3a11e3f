/**
 * Picks the model version for one request: the canary with probability `share`, else the
 * primary. Falls back to whichever of the two is available, so a canary that failed to load
 * sends everything to the primary (and the other way round).
 * Returns undefined only when neither is available. `share` outside 0..1 is clamped.
 * @example chooseVersion({ share: 0.3, primary: 'v1', canary: 'v2', available: new Set(['v1', 'v2']) }, 0.1) // 'v2'
 */
export function chooseVersion(
  route: { readonly share: number; readonly primary: string; readonly canary: string; readonly available: ReadonlySet<string> },
  draw: number,
): string | undefined {
  const wantCanary = draw < Math.min(1, Math.max(0, route.share));
  const first = wantCanary ? route.canary : route.primary;
  const second = wantCanary ? route.primary : route.canary;
  if (route.available.has(first)) return first;
  return route.available.has(second) ? second : undefined;
}
