import type { Readable } from 'node:stream';

/**
 * Resolves once `text` appears in what `output()` returns, checked whenever `stream` emits
 * data (and once at once); rejects after 20 s, naming what was seen.
 */
export function waitForText(stream: Readable, output: () => string, text: string): Promise<void> {
  return new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no "${text}" within 20 s; stdout: ${output()}`)), 20_000);
    const check = (): void => {
      if (!output().includes(text)) return;
      clearTimeout(timer);
      stream.off('data', check);
      done();
    };
    stream.on('data', check);
    check();
  });
}
