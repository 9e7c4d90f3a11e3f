import { randomUUID } from 'node:crypto';

/**
 * A new prediction id: a random UUID v4 (`crypto.randomUUID`, about 0.1 µs from Node's batched
 * entropy pool). Random rather than sequential so that hash-based sampling of ids is uniform and
 * ids from different processes never collide.
 * @example newPredictionId() // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function newPredictionId(): string {
  return randomUUID();
}
