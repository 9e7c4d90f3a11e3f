/**
 * The progress bar of buildDataset(): shown (when asked, or on a TTY) for inputs over 1 MiB,
 * on every pass, the final one included, and cleared at the end.
 */
import { join } from 'node:path';
import { buildDataset } from '../src/dataset/buildDataset';
import { datasetDir } from './support/datasetFiles';
import { batchLine, feedback, prediction, withAttributes } from './support/mlEvents';

const { dir, file } = datasetDir('mlotel-dataset-progress-');
const BIG_TEXT = 'lorem ipsum '.repeat(40);

function writeInput(name: string, shapedEvery = 0): string {
  const lines: string[] = [];
  for (let b = 0; b < 40; b++) {
    const records = Array.from({ length: 50 }, (_, i) => {
      const n = b * 50 + i;
      const record = prediction({ id: `p${n}`, timeMs: n, input: { text: BIG_TEXT, n }, output: 'a' });
      if (shapedEvery > 0 && n % shapedEvery === 0) withAttributes(record, { 'ml.payload.shaped': ['input.text'] });
      return record;
    });
    lines.push(batchLine([...records, feedback(`p${b * 50}`, b * 50 + 1, 'a')]));
  }
  return file(name, lines);
}

async function stderrDuring(run: () => Promise<unknown>): Promise<string> {
  let written = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  try {
    await run().catch(() => undefined);
  } finally {
    spy.mockRestore();
  }
  return written;
}

describe('buildDataset() progress', () => {
  const input = writeInput('big.jsonl');

  it('shows every pass, the final one included, then clears the line', async () => {
    const text = await stderrDuring(() => buildDataset({ inputs: [input], out: join(dir, 'out.csv'), progress: true }));
    expect(text).toContain('1/3 reading feedback');
    expect(text).toContain('2/3 joining predictions');
    expect(text).toContain('3/3 writing rows');
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('shows the strict check as part of the final pass', async () => {
    const shaped = writeInput('shaped.jsonl', 1000);
    const text = await stderrDuring(() => buildDataset({ inputs: [shaped], progress: true, strict: true }));
    expect(text).toContain('3/3 checking shaped rows');
  });

  it('stays silent when not asked', async () => {
    expect(await stderrDuring(() => buildDataset({ inputs: [input], progress: false }))).toBe('');
  });
});
