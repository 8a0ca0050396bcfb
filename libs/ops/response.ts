/**
 * What every ops handler returns, Bull Board style: a status and a JSON body, nothing of the web framework.
 * Errors are data too (`{ error: { key, message } }`), so a page or a script can say what happened.
 */
export interface OpsResponse<TBody = unknown> {
  status: number;
  body: TBody;
}

export interface OpsErrorBody {
  error: { key: string; message: string };
}

export function ok<TBody>(body: TBody, status = 200): OpsResponse<TBody> {
  return { status, body };
}

export function errorResponse(status: number, key: string, message: string): OpsResponse<OpsErrorBody> {
  return { status, body: { error: { key, message } } };
}
