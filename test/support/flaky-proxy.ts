import { createConnection, createServer, type Socket } from 'node:net';

/** A real TCP proxy in front of the simulator whose first connections are cut or left hanging. */
export async function startFlakyProxy(target: string, plan: ('drop' | 'hang')[]) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    connections++;
    const fault = plan.shift();
    if (fault === 'drop') socket.once('data', () => socket.destroy());
    if (fault) return;
    const upstream = createConnection(Number(port), hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
