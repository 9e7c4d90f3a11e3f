/**
 * Pass 1 of `mlotel dataset`: the winning `ml.feedback` of every prediction id that has one
 * (the latest record time wins, equal times going to the one read later). The index is the
 * only state that grows with the data besides the prediction fingerprints, so each entry is
 * kept compact: the label, the feedback attributes and any shaped paths as JSON text, the
 * time as a number, the model name shared between entries. Measured: about 210 bytes of heap
 * per labelled id with a 36-character id and no feedback attributes, 260 with one short
 * attribute (`source: 'human-review'`); docs/cli.md, "Memory".
 */
import { EVENT_ML_FEEDBACK } from '../semconv.js';
import { eventNameOf, modelOf, timeMsOf, toPlain, type LogEntry } from '../read/otlpValues.js';
import { copiedAttributes } from './datasetAttributes.js';
import { shapedPathsOf } from './shapedPaths.js';

/** One id's winning feedback, as the index keeps it. */
export class IndexedFeedback {
  constructor(
    /** JSON text of the body's `actual`. */
    readonly actual: string,
    /** Record time in ms, -Infinity when the record had none. */
    readonly time: number,
    /** JSON text of the attributes copied to `feedback.*` columns, undefined when none. */
    readonly attributes: string | undefined,
    /** JSON text of the shaped body paths (`actual...`), undefined when none. */
    readonly shaped: string | undefined,
    /** The model the feedback names (`ml.model.name`), undefined when none. */
    public model: string | undefined,
    /** Whether some prediction record had this id (set in pass 2). */
    public matched: boolean,
  ) {}
}

/** A feedback record read from a line, not yet in the index (a line is applied whole or not at all). */
export interface FeedbackRecord {
  id: string;
  feedback: IndexedFeedback;
}

/**
 * The feedback of a record, or undefined when it is not an `ml.feedback` with a prediction id
 * and an `actual`. `searchBody`: whether the line may hold shaping markers (see shapedPaths.ts).
 * Never throws on a parsed record.
 * @example readFeedback(entry, 'p1', false)?.feedback.actual // '"setosa"'
 */
export function readFeedback(entry: LogEntry, id: string | undefined, searchBody: boolean): FeedbackRecord | undefined {
  if (eventNameOf(entry.record) !== EVENT_ML_FEEDBACK || id === undefined) return undefined;
  const body = toPlain(entry.record.body);
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Object.hasOwn(body, 'actual')) return undefined;
  const actual = (body as { actual: unknown }).actual;
  const attributes = copiedAttributes(entry);
  const shaped = shapedPathsOf(entry, body, searchBody);
  return {
    id,
    feedback: new IndexedFeedback(
      JSON.stringify(actual ?? null),
      timeMsOf(entry.record) ?? -Infinity,
      attributes === undefined ? undefined : JSON.stringify(attributes),
      shaped === undefined ? undefined : JSON.stringify(shaped),
      modelOf(entry).name,
      false,
    ),
  };
}

/**
 * The feedback index.
 * @example
 * const index = new FeedbackIndex();
 * const fb = readFeedback(entry, 'p1', false); if (fb) index.add(fb);
 * index.get('p1')?.actual // '"setosa"'
 */
export class FeedbackIndex {
  private readonly byId = new Map<string, IndexedFeedback>();
  // One string per model name, shared by every entry that names it.
  private readonly models = new Map<string, string>();

  /** Distinct prediction ids with feedback. */
  get size(): number {
    return this.byId.size;
  }

  /** Adds a feedback record unless the id already has a later one. */
  add({ id, feedback }: FeedbackRecord): void {
    const prev = this.byId.get(id);
    if (prev && prev.time > feedback.time) return;
    if (feedback.model !== undefined) feedback.model = this.intern(feedback.model);
    feedback.matched = prev?.matched ?? false;
    this.byId.set(id, feedback);
  }

  /** The winning feedback of `id`, or undefined. */
  get(id: string): IndexedFeedback | undefined {
    return this.byId.get(id);
  }

  /** Every id whose feedback no prediction record matched, with the model its feedback names. */
  *unmatched(): Generator<{ id: string; model: string | undefined }> {
    for (const [id, fb] of this.byId) if (!fb.matched) yield { id, model: fb.model };
  }

  private intern(name: string): string {
    const known = this.models.get(name);
    if (known !== undefined) return known;
    this.models.set(name, name);
    return name;
  }
}
