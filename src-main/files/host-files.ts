/**
 * What ties files to the chat host: `send` with `files` (the files are given to the message
 * first, then it goes to the group commit like any other send), and what a stored delete erases.
 * The origins trusted for the files' CORS are in host/limits/origin-check.ts (`ownOrigins`).
 */
import type { SendFrame } from '../../src-shared/protocol.ts';
import type { AppendRequest, AppendResult, HistoryStore } from '../store/store.ts';
import type { FilesService } from './files-service.ts';

/**
 * A `send` with `files`: attaches them to the message (`memberId:sendId`, so a re-send finds
 * them its own), then queues the append. A refusal is answered to the sender alone.
 */
export function submitWithFiles(
  files: FilesService | undefined,
  send: SendFrame,
  request: AppendRequest,
  push: (request: AppendRequest) => void,
  fail: (code: 'bad_request' | 'unavailable', why: string) => void,
): void {
  if (!files) return fail('bad_request', 'This host does not take files.');
  files.attach(request.room, send.files!, `${request.from.id}:${send.id}`).then(
    (result) => ('why' in result ? fail('bad_request', result.why) : push({ ...request, files: result.files })),
    () => fail('unavailable', 'The host could not read its files right now; the message will be sent again.'),
  );
}

/**
 * After a batch is stored: the files of a refused send are let go again, and a stored delete
 * erases the files of the message it targets (their index entries and, unless other files share
 * them, their bytes). Runs after the broadcast; a failure is logged, the sweep catches up later.
 */
export async function afterStore(
  files: FilesService,
  store: HistoryStore,
  done: readonly { result: AppendResult; request: AppendRequest }[],
): Promise<void> {
  for (const { result, request } of done) {
    if (result.refused && request.files) await files.release(request.room, `${request.from.id}:${request.id}`);
    const target =
      request.change?.kind === 'delete' && !result.refused && !result.duplicate ? request.change.target : 0;
    if (target < 1) continue;
    const [entry] = (await store.older(request.room, target + 1, 1)).messages;
    if (entry?.seq === target) await files.eraseOwner(request.room, `${entry.from.id}:${entry.id}`);
  }
}
