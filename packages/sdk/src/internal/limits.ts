/**
 * Size limits applied to every value mlotel logs. They keep one record bounded (OTel's own
 * body and nested-value limits are unbounded) and show where they cut with a visible marker.
 * @internal
 */
export const LIMITS = Object.freeze({
  /** Nesting depth below an attribute (or the body); deeper values become {@link MARKERS.depth}. */
  maxDepth: 8,
  /** Characters kept of a string attribute value or nested string. */
  maxStringLength: 8192,
  /** Characters kept of a string message (the record body). */
  maxBodyLength: 65536,
  /** Items kept of an array (or bytes of a Uint8Array). */
  maxArrayItems: 1000,
  /** Keys kept of an object. */
  maxKeys: 256,
});

/** @internal The visible markers put where a value was cut or replaced. */
export const MARKERS = Object.freeze({
  circular: '[Circular]',
  depth: '[Depth limit]',
  unreadable: '[Unreadable]',
  moreKeysKey: '…',
});

/** @internal `abc…[truncated 12 chars]` */
export function truncateString(text: string, max: number): string {
  return `${text.slice(0, max)}…[truncated ${text.length - max} chars]`;
}
