/**
 * RPC requests (MS-TDS 2.2.6.6): ALL_HEADERS, the procedure (a name, or 0xFFFF + a well-known ProcID), option
 * flags, then parameters (B_VARCHAR name, status flags, TYPE_INFO, value). The simulator runs only
 * sp_executesql (ProcID 10): @statement, @params (the declaration, not needed by SQLite), then the values.
 */

import { ByteReader } from './byte-reader.js';
import type { SqliteValue } from './column-types.js';
import { readParameterValue } from './parameter-values.js';
import { skipAllHeaders } from './sql-batch.js';

export const SP_EXECUTESQL = 10;

export interface RpcParameter {
  /** Name without the leading '@' ('' for a positional parameter). */
  name: string;
  value: SqliteValue;
}

export interface RpcRequest {
  /** Well-known procedure id, or the procedure name. */
  procedure: number | string;
  parameters: RpcParameter[];
}

/** An sp_executesql call: the SQL text and its named values, ready for SQLite. */
export interface ParameterisedStatement {
  sql: string;
  values: Record<string, SqliteValue>;
}

export function decodeRpc(payload: Buffer): RpcRequest {
  const r = new ByteReader(payload);
  skipAllHeaders(r);
  const nameLength = r.u16();
  const procedure = nameLength === 0xffff ? r.u16() : r.bytes(nameLength * 2).toString('ucs2');
  r.u16(); // option flags
  const parameters: RpcParameter[] = [];
  while (r.remaining > 0) {
    const name = r.bVarchar().replace(/^@/, '');
    r.u8(); // status flags (by-ref / default)
    parameters.push({ name, value: readParameterValue(r) });
  }
  return { procedure, parameters };
}

/** The statement of an sp_executesql call, or null when the RPC is another procedure. */
export function asExecuteSql(request: RpcRequest): ParameterisedStatement | null {
  const isExecuteSql =
    request.procedure === SP_EXECUTESQL ||
    (typeof request.procedure === 'string' && /^(sys\.)?sp_executesql$/i.test(request.procedure.trim()));
  if (!isExecuteSql) return null;
  const [statement, , ...rest] = request.parameters;
  const values: Record<string, SqliteValue> = {};
  for (const parameter of rest) if (parameter.name) values[parameter.name] = parameter.value;
  return { sql: typeof statement?.value === 'string' ? statement.value : '', values };
}
