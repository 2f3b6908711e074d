/**
 * Photos a person uploaded as evidence (a correction's, a spot check's live photo). The mini
 * program uploads them to a folder named after the person (`evidence/<personId>/…`,
 * `spotchecks/<personId>/…`); an action takes a photo only from the caller's own folder and only
 * if it exists, so that nobody can pass on someone else's file ID. Storage calls are not billed
 * database operations.
 */
import { storage } from '../../platform/cloud';
import { AppError } from '../../kernel/errors';

/** The cloud path of a `cloud://<env>.<bucket>/<path>` file ID, or undefined. */
export function cloudPathOf(fileId: string): string | undefined {
  return /^cloud:\/\/[A-Za-z0-9-]+\.[A-Za-z0-9-]+\/(.+)$/.exec(fileId)?.[1];
}

/** Refuse (with `message`) unless every file lies under `folder` (no `..`, nothing empty) and exists in storage. */
export async function checkPhotosIn(folder: string, fileIds: readonly string[], message: string): Promise<void> {
  if (fileIds.length === 0) return;
  for (const id of fileIds) {
    const path = cloudPathOf(id);
    if (!path || !path.startsWith(folder) || path.length === folder.length || path.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) {
      throw new AppError('invalid_input', message);
    }
  }
  // A file that does not exist has no temporary URL.
  const urls = await storage.tempUrls([...fileIds], 60);
  if (fileIds.some((id) => !urls.has(id))) throw new AppError('invalid_input', message);
}
