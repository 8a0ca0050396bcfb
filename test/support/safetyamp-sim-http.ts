import type { RunningSafetyAmpSimulator } from '../../apps/simulators/safetyamp/server.js';

/** A raw answer of the SafetyAmp simulator: status, headers, the body parsed when it is JSON, else its text. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One authenticated call to the simulator's API over TCP, the body read whole. */
export async function callSim(
  sim: RunningSafetyAmpSimulator,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<RawAnswer> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${sim.token}`,
      Fqdn: sim.fqdn,
      Accept: 'application/json',
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // An HTML page stays text.
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** The same call, resolving with how it failed: the body is not read whole when the connection is cut. */
export async function callSimFailure(
  sim: RunningSafetyAmpSimulator,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<{ status: number | null; error: unknown }> {
  let status: number | null = null;
  try {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${sim.token}`,
        Fqdn: sim.fqdn,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    status = res.status;
    await res.text();
  } catch (error) {
    return { status, error };
  }
  throw new Error(`expected ${method} ${path} to fail, it was answered ${String(status)} in full`);
}
