import { createServer } from 'node:net';

/** Whether a server could listen on `host:port` now (nothing else holds it). */
export async function portIsFree(host: string, port: number): Promise<boolean> {
  const server = createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
