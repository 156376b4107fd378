import { open, rename } from "node:fs/promises";
import path from "node:path";

/**
 * Puts `text` in place of `file` so that a crash leaves the old file or the new one whole, never a
 * part: written beside it (0600), flushed, renamed over it, and the rename flushed with its folder.
 */
export async function replaceFileDurably(file: string, text: string): Promise<void> {
  const next = `${file}.next`;
  const handle = await open(next, "w", 0o600);
  try {
    await handle.writeFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(next, file);
  const dir = await open(path.dirname(file), "r");
  await dir.sync().finally(() => dir.close());
}
