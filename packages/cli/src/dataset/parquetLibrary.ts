/**
 * Loads hyparquet-writer, the Parquet encoder behind `mlotel dataset --format parquet`
 * (chosen on measured speed and size: bench/parquetChoice.js). It ships as an ES module
 * only and this package is CommonJS, so it is imported, not required, and only when a
 * Parquet file is written: the other commands never load it.
 */
import { pathToFileURL } from 'node:url';

/** The parts of hyparquet-writer the Parquet writer uses. */
export interface ParquetLibrary {
  ParquetWriter: typeof import('hyparquet-writer').ParquetWriter;
  ByteWriter: typeof import('hyparquet-writer').ByteWriter;
  /** One column chunk; public in the package's exports (`./src/*.js`), used for an empty row group. */
  writeColumn: typeof import('hyparquet-writer/types/column').writeColumn;
}

// tsc compiles `import()` to `require()` for CommonJS output, and require() of an ES module
// fails before Node 20.19 / 22.12 (the engines range starts at 20.6); a function built at run
// time keeps the real dynamic import.
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

let loading: Promise<ParquetLibrary> | undefined;

/**
 * The hyparquet-writer module, imported once. Rejects with an Error naming the package and
 * the reinstall fix when it cannot be loaded (a broken install).
 * @example const { ParquetWriter, ByteWriter } = await loadParquetLibrary();
 */
export function loadParquetLibrary(): Promise<ParquetLibrary> {
  loading ??= importLibrary().catch((err: unknown) => {
    loading = undefined;
    const reason = (err as Error | undefined)?.message ?? String(err);
    throw new Error(`cannot load hyparquet-writer, which writes Parquet files (${reason}): reinstall mlotel (npm install mlotel)`, { cause: err });
  });
  return loading;
}

async function importLibrary(): Promise<ParquetLibrary> {
  const [main, column] = await Promise.all([load('hyparquet-writer'), load('hyparquet-writer/src/column.js')]);
  const { ParquetWriter, ByteWriter } = main as typeof import('hyparquet-writer');
  const { writeColumn } = column as typeof import('hyparquet-writer/types/column');
  return { ParquetWriter, ByteWriter, writeColumn };
}

async function load(specifier: string): Promise<unknown> {
  try {
    return await importModule(pathToFileURL(require.resolve(specifier)).href);
  } catch (err) {
    // Jest runs modules in a vm context without dynamic import; its require() takes the
    // package compiled to CommonJS (jest.config.js transforms it), or natively on Node >= 24.9.
    if ((err as NodeJS.ErrnoException | undefined)?.code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') throw err;
    return require(specifier) as unknown;
  }
}
