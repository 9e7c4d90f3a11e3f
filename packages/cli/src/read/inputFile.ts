/**
 * Opening the files `tail` and `dataset` read: regular files only (after following symlinks).
 * A FIFO would block the open until some writer comes (in a libuv thread no signal can
 * interrupt, so the process ignores SIGTERM), and a device such as /dev/zero never ends: both
 * are refused with a message naming the path, as is a symlink loop (ELOOP, which is not a
 * missing file). A missing file stays an fs error with code ENOENT: `tail --follow` waits for it.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { UsageError } from '../usageError.js';

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}

function notRegular(shownAs: string, s: Stats): UsageError {
  return new UsageError(`cannot read ${shownAs}: ${kindOf(s)}, not a regular file (give a JSON-lines file, or a directory holding one)`);
}

/** Turns ELOOP into a message that says so; other errors (ENOENT...) are returned as they are. */
function openError(shownAs: string, err: unknown): unknown {
  if ((err as NodeJS.ErrnoException).code === 'ELOOP') {
    return new UsageError(`cannot read ${shownAs}: a symlink loop (ELOOP), a link that leads back to itself`);
  }
  return err;
}

/**
 * Checks that `path` is a regular file (following symlinks) without opening it, and returns
 * its stats. `shownAs` is how messages name it (default: the path).
 * @throws UsageError for a symlink loop or a non-regular file; the fs error (ENOENT...) otherwise.
 * @example const { size } = await checkInputFile('ml-events.jsonl');
 */
export async function checkInputFile(path: string, shownAs = path): Promise<Stats> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (err) {
    throw openError(shownAs, err);
  }
  if (!s.isFile()) throw notRegular(shownAs, s);
  return s;
}

/**
 * Opens a regular file for reading. Checks before opening (no device is opened) and again on
 * the open handle (no swap in between): the open is non-blocking, so even a FIFO put in the
 * file's place returns at once, to be refused.
 * @throws as {@link checkInputFile}.
 * @example const handle = await openInputFile('logs.jsonl');
 */
export async function openInputFile(path: string, shownAs = path): Promise<FileHandle> {
  await checkInputFile(path, shownAs);
  let handle: FileHandle;
  try {
    // O_NONBLOCK changes nothing for a regular file (reads of disk files never block that way).
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw openError(shownAs, err);
  }
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw notRegular(shownAs, s);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}
