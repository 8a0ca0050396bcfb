import { createConnection, createServer, type Socket } from 'node:net';

/** A TCP proxy in front of Redis for one process, frozen the moment that process sends a given command. */
export interface RedisTap {
  url: string;
  /** When the tap froze (epoch ms), or null while it forwards. */
  frozenAt(): number | null;
  close(): Promise<void>;
}

/**
 * Forwards one process's Redis connections until `trips` says a chunk it sends is the one (e.g. it holds the key a
 * BullMQ job add writes to); from then on nothing more reaches Redis, in either direction, on any of its
 * connections — the process hangs mid-step exactly there, for a test to kill it. A MULTI cut off before its EXEC
 * is discarded by Redis, so the step the chunk belongs to never happens.
 */
export async function startRedisTap(redisPort: number, trips: (chunk: Buffer) => boolean): Promise<RedisTap> {
  const sockets = new Set<Socket>();
  let frozenAt: number | null = null;
  const server = createServer((client) => {
    const upstream = createConnection(redisPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (chunk: Buffer) => {
      if (frozenAt === null && trips(chunk)) frozenAt = Date.now();
      if (frozenAt === null) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (frozenAt === null) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    frozenAt: () => frozenAt,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
