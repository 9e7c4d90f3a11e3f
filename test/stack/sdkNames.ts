/**
 * The names Loki gives what the SDK emits, computed from the SDK's own constants (never a copied
 * list): every `ATTR_*` and `RES_*` key goes through `toLokiName`; the `LOKI_*` constants already
 * are Loki's names for fields of the OTLP record itself.
 */
import * as sdk from '@mlotel/sdk';

const exported = Object.entries(sdk as Record<string, unknown>);

/** OTLP attribute keys the SDK writes (record and resource attributes). */
export const SDK_ATTRIBUTE_KEYS: readonly string[] = exported
  .filter(([name, value]) => /^(ATTR|RES)_/.test(name) && typeof value === 'string')
  .map(([, value]) => value as string);

/** Every label or structured-metadata name a Loki query may use on mlotel data. */
export const SDK_LOKI_NAMES: ReadonlySet<string> = new Set([
  ...SDK_ATTRIBUTE_KEYS.map((key) => sdk.toLokiName(key)),
  ...exported.filter(([name, value]) => name.startsWith('LOKI_') && typeof value === 'string').map(([, value]) => value as string),
]);

/** Event names the SDK writes (`EVENT_*`). */
export const SDK_EVENT_NAMES: ReadonlySet<string> = new Set(
  exported.filter(([name, value]) => name.startsWith('EVENT_') && typeof value === 'string').map(([, value]) => value as string),
);
