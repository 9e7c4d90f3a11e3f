/**
 * Remembers which model version made each recent prediction, so `/feedback` can log the
 * feedback with the same model context. Bounded: past `capacity` ids the oldest are forgotten
 * (their feedback is still logged, without a version; the dataset join uses the prediction id).
 * @example const recent = new RecentPredictions(2); recent.remember('a', 'v1'); recent.versionOf('a') // 'v1'
 */
export class RecentPredictions {
  private readonly versions = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  /** Records that prediction `id` was made by `version`, forgetting the oldest past capacity. */
  remember(id: string, version: string): void {
    this.versions.set(id, version);
    if (this.versions.size > this.capacity) {
      const oldest = this.versions.keys().next();
      if (!oldest.done) this.versions.delete(oldest.value);
    }
  }

  /** The version that made prediction `id`, or undefined if unknown or forgotten. */
  versionOf(id: string): string | undefined {
    return this.versions.get(id);
  }
}
