import type { Response } from 'express';
import type { ApiAnswer } from '../api-routes.js';
import type { GatewayErrorStatus, ServerErrorStatus } from './injector.js';

const GATEWAY_TITLES: Record<GatewayErrorStatus, string> = {
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

/** The page a load balancer (here: nginx's default) serves when the application behind it does not answer. */
export function gatewayPage(status: GatewayErrorStatus): ApiAnswer {
  const title = GATEWAY_TITLES[status];
  return {
    status,
    headers: { 'Content-Type': 'text/html' },
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** The application's own 5xx answers; the 502 comes from the proxy in front of it, so it is HTML. */
export function serverErrorAnswer(status: ServerErrorStatus): ApiAnswer {
  if (status === 502) return gatewayPage(502);
  return { status, body: { message: status === 503 ? 'Service Unavailable' : 'Server Error' } };
}

/**
 * Announces the whole body (Content-Length), sends about half of it, then closes the connection: the client
 * sees the status and headers of a normal answer and a body that ends mid-way.
 */
export function sendTruncated(res: Response, answer: ApiAnswer): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const bytes = Buffer.from(text, 'utf8');
  if (answer.headers) res.set(answer.headers);
  res.status(answer.status);
  if (typeof answer.body !== 'string') res.set('Content-Type', 'application/json');
  res.set('Content-Length', String(bytes.length));
  res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => res.socket?.destroy());
}
