import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from '../../tools/free-port.js';

/**
 * A loopback TCP proxy in front of Postgres that a test can cut and restore: the database
 * "goes down" for the service while the server itself keeps running for the test's checks.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.port = this.port || (await freePort());
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    return this.port;
  }

  /** Drops every open connection and refuses new ones. */
  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.server = undefined;
  }

  /** Accepts connections again, on the same port. */
  restore(): Promise<number> {
    return this.start();
  }

  close(): Promise<void> {
    return this.cut();
  }
}
