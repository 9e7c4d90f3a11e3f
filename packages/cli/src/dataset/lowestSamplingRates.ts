/**
 * Feedback without a prediction has two causes that call for different fixes: the prediction
 * was sampled out (expected with sampling: its id hash says so), or it is truly missing (a
 * file not given, a wrong id). The SDK writes its rate on every prediction (`ml.sampling.rate`),
 * so the builder notes the lowest rate seen, per model and overall, and asks the sampling hash
 * whether a process at that rate would have dropped the id. The lowest rate is the one that
 * drops the most ids: with several processes at different rates, an id dropped by any of them
 * may be an expected loss, and that is the rate that explains it.
 */
import { keptAtRate } from './samplingHash.js';

/**
 * Lowest sampling rates of the prediction records read.
 * @example
 * const rates = new LowestSamplingRates();
 * rates.note('iris', 0.1);
 * rates.sampledOut('some-id', 'iris') // true when hash('some-id') >= 0.1 * 2^32
 */
export class LowestSamplingRates {
  private lowest: number | undefined;
  private readonly byModel = new Map<string, number>();

  /** Notes the rate of one prediction record (1 when it carries none) of `model` (undefined when unnamed). */
  note(model: string | undefined, rate: number): void {
    if (this.lowest === undefined || rate < this.lowest) this.lowest = rate;
    if (model === undefined) return;
    const prev = this.byModel.get(model);
    if (prev === undefined || rate < prev) this.byModel.set(model, rate);
  }

  /**
   * Whether the prediction `id` was sampled out: at the lowest rate seen on predictions of
   * `model` when the feedback names one (else over all predictions), the id hash says
   * dropped. False when no prediction of that model (or none at all) was read: then nothing
   * explains the missing prediction.
   */
  sampledOut(id: string, model: string | undefined): boolean {
    const rate = model === undefined ? this.lowest : this.byModel.get(model);
    return rate !== undefined && !keptAtRate(id, rate);
  }
}
