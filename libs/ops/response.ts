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

export type SuccessStatus = 200 | 201 | 202;
export type ErrorStatus = 400 | 403 | 404 | 409;

export interface OpsSuccess<TBody> extends OpsResponse<TBody> {
  status: SuccessStatus;
}

export interface OpsFailure extends OpsResponse<OpsErrorBody> {
  status: ErrorStatus;
}

/** A handler's answer: its body, or an error body; `isFailure` tells them apart. */
export type OpsResult<TBody> = OpsSuccess<TBody> | OpsFailure;

export function ok<TBody>(body: TBody, status: SuccessStatus = 200): OpsSuccess<TBody> {
  return { status, body };
}

export function errorResponse(status: ErrorStatus, key: string, message: string): OpsFailure {
  return { status, body: { error: { key, message } } };
}

export function isFailure<TBody>(result: OpsResult<TBody>): result is OpsFailure {
  return result.status >= 400;
}
