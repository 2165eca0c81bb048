import type { FastifyReply, FastifyRequest } from 'fastify';
import { CLIENT_IP_HEADER } from './auth.ts';

/** The request's headers as fetch Headers, with the client's address in our own header. */
export function fetchHeaders(req: FastifyRequest): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || k === CLIENT_IP_HEADER) continue;
    if (Array.isArray(v)) for (const one of v) h.append(k, one);
    else h.set(k, String(v));
  }
  h.set(CLIENT_IP_HEADER, req.ip);
  return h;
}

/** Fastify's request as the fetch Request better-auth's handler takes (the body as received). */
export function toFetchRequest(req: FastifyRequest, origin: string): Request {
  const method = req.method.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && req.body !== undefined && req.body !== null;
  let body: BodyInit | undefined;
  if (hasBody) body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : JSON.stringify(req.body);
  return new Request(new URL(req.url, origin), { method, headers: fetchHeaders(req), body });
}

/** Sends better-auth's fetch Response through Fastify (every Set-Cookie kept). */
export async function sendFetchResponse(reply: FastifyReply, res: Response): Promise<FastifyReply> {
  reply.status(res.status);
  res.headers.forEach((value, key) => {
    if (key !== 'set-cookie' && key !== 'content-length') reply.header(key, value);
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) reply.header('set-cookie', cookies);
  reply.header('cache-control', 'no-store');
  return reply.send(Buffer.from(await res.arrayBuffer()));
}
