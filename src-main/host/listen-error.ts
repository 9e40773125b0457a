/** The listen errors people meet (a port in use, a port below 1024, a foreign address), as sentences. */

/** @returns an Error whose message says what to do, keeping `code` and the cause; other errors as they are */
export function listenError(err: NodeJS.ErrnoException, port: number): Error {
  const sentences: Record<string, string> = {
    EADDRINUSE: `Port ${port} is already in use: another LAN Chat host (or another program) is listening there. Stop it or choose another port.`,
    EACCES: `This system does not allow listening on port ${port}; choose a port above 1024.`,
    EADDRNOTAVAIL: 'That bind address does not belong to this machine.',
  };
  const sentence = sentences[err.code ?? ''];
  if (!sentence) return err;
  return Object.assign(new Error(sentence, { cause: err }), { code: err.code });
}
