/**
 * A mistake in how a command was called (unknown option, bad value). The CLI prints its
 * message (which says how to fix it) and exits with status 2, without a stack trace.
 * @example throw new UsageError('--port must be a number between 0 and 65535, got "x"')
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
