import { connect } from 'node:net';

/** How a raw connection ended: how long the server kept it, and the status line it answered, if any. */
export interface SlowClientResult {
  heldMs: number;
  statusLine: string | null;
  body: string;
}

/**
 * A client that holds a connection as a slowloris attacker does: writes `first`, then `next()` every
 * `everyMs` until the server answers and closes the socket, or `giveUpMs` passes (then `statusLine`
 * is `null` and `heldMs` is about `giveUpMs`).
 */
export function slowClient(
  port: number,
  first: string,
  next: (i: number) => string,
  everyMs: number,
  giveUpMs: number,
): Promise<SlowClientResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let i = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(next(i++));
    }, everyMs);
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('connect', () => socket.write(first));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      const [head, body = ''] = received.split('\r\n\r\n');
      resolve({ heldMs: performance.now() - started, statusLine: received ? head.split('\r\n')[0] : null, body });
    });
  });
}
