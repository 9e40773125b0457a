/**
 * Requests on the socket (1.1), host side: each decoded request (request-codec.ts) goes to its
 * handler, and exactly one frame goes back, carrying the request's `ref`: the reply, or a
 * non-fatal `error`. Handlers are plain async functions keyed by request type, so that a new
 * request type is one more entry in the table the host builds (see chat-host.ts).
 *
 * Rate limiting and the cap on requests in progress per socket live in Connection, beside the
 * same limits for sends.
 */
import type {
  ErrorCode,
  ErrorFrame,
  Member,
  ReplyFrame,
  RequestFrame,
  RequestType,
} from '../../src-shared/protocol.ts';

/** Who asks, and where. */
export interface RequestContext {
  room: string;
  member: Member;
}

/** A reply without its `type` and `ref` (the router adds both). */
export type ReplyBody<K extends RequestType> = Omit<Extract<ReplyFrame, { type: K }>, 'type' | 'ref'>;

/** Answers one request type; throws a {@link RequestError} to refuse it. */
export type RequestHandler<K extends RequestType> = (
  request: Extract<RequestFrame, { type: K }>,
  context: RequestContext,
) => Promise<ReplyBody<K>>;

/** One handler per request type: the compiler says when a type has none. */
export type RequestHandlers = { [K in RequestType]: RequestHandler<K> };

/** A refusal a handler throws: it becomes a non-fatal `error` frame with the request's `ref`. */
export class RequestError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Runs a request's handler.
 * @param log where a failure that is not a refusal is reported (the store went away, a bug)
 * @returns the frame to send back: the reply, or an error with the request's ref
 */
export async function answer(
  handlers: RequestHandlers,
  request: RequestFrame,
  context: RequestContext,
  log: (line: string) => void,
): Promise<ReplyFrame | ErrorFrame> {
  const { ref, type } = request;
  try {
    const handler = handlers[type] as RequestHandler<typeof type>;
    const body = await handler(request as never, context);
    return { type, ref, ...body } as ReplyFrame;
  } catch (err) {
    if (err instanceof RequestError) return { type: 'error', code: err.code, message: err.message, ref };
    log(`error room=${context.room} request=${type} failed: ${String(err)}`);
    return {
      type: 'error',
      code: 'unavailable',
      message: 'The host could not answer right now; try again shortly.',
      ref,
    };
  }
}
