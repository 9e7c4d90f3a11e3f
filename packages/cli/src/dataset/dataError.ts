/**
 * The inputs hold data the options refuse (a shaped row under `strict`). The CLI prints the
 * message, which names the record and what to change, and exits with status 1; nothing is
 * written.
 * @example throw new DataError('prediction "p1" was shaped (input.text): ...')
 */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}
