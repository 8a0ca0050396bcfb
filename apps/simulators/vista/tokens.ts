/**
 * Server token encoding (MS-TDS 2.2.7): LOGINACK, ENVCHANGE, ERROR/INFO, COLMETADATA, ROW, RETURNSTATUS and
 * the three DONE tokens. Each function appends one token to a message.
 */

import { writeTypeInfo, writeValue, type ColumnType, type SqliteValue } from './column-types.js';
import type { MessageWriter } from './packet.js';

export const Token = {
  RETURNSTATUS: 0x79,
  COLMETADATA: 0x81,
  ERROR: 0xaa,
  INFO: 0xab,
  LOGINACK: 0xad,
  ROW: 0xd1,
  ENVCHANGE: 0xe3,
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
} as const;

export const DoneStatus = {
  FINAL: 0x00,
  MORE: 0x01,
  ERROR: 0x02,
  COUNT: 0x10,
  ATTENTION: 0x20,
} as const;

export const EnvChange = {
  DATABASE: 1,
  LANGUAGE: 2,
  PACKET_SIZE: 4,
  SQL_COLLATION: 7,
  RESET_CONNECTION: 18,
} as const;

/** TDS 7.4, as LOGINACK carries it (big-endian on the wire). */
export const TDS_7_4 = 0x74000004;

export const SERVER_NAME = 'vista-simulator';

export interface ResultColumn {
  name: string;
  type: ColumnType;
}

export interface ServerMessage {
  number: number;
  state: number;
  severity: number;
  text: string;
  line?: number;
}

export function writeLoginAck(w: MessageWriter, tdsVersion: number): void {
  const progName = Buffer.from('Microsoft SQL Server', 'ucs2');
  w.u8(Token.LOGINACK);
  w.u16(1 + 4 + 1 + progName.length + 4);
  w.u8(1); // interface: SQL_TSQL
  w.u8((tdsVersion >>> 24) & 0xff);
  w.u8((tdsVersion >>> 16) & 0xff);
  w.u8((tdsVersion >>> 8) & 0xff);
  w.u8(tdsVersion & 0xff);
  w.u8(progName.length / 2);
  w.bytes(progName);
  w.bytes(Buffer.from([15, 0, 0x07, 0xd0])); // 15.0.2000
}

/** ENVCHANGE with B_VARCHAR values (database, language, packet size). */
export function writeEnvChangeText(w: MessageWriter, type: number, newValue: string, oldValue: string): void {
  const next = Buffer.from(newValue, 'ucs2');
  const old = Buffer.from(oldValue, 'ucs2');
  w.u8(Token.ENVCHANGE);
  w.u16(1 + 1 + next.length + 1 + old.length);
  w.u8(type);
  w.u8(newValue.length);
  w.bytes(next);
  w.u8(oldValue.length);
  w.bytes(old);
}

/** ENVCHANGE with B_VARBYTE values (collation, reset-connection acknowledgement). */
export function writeEnvChangeBytes(
  w: MessageWriter,
  type: number,
  newValue: Buffer,
  oldValue: Buffer,
): void {
  w.u8(Token.ENVCHANGE);
  w.u16(1 + 1 + newValue.length + 1 + oldValue.length);
  w.u8(type);
  w.u8(newValue.length);
  w.bytes(newValue);
  w.u8(oldValue.length);
  w.bytes(oldValue);
}

/** ERROR (or INFO) token: number, state, class, text, server, procedure, line. */
export function writeMessage(w: MessageWriter, message: ServerMessage, token: number = Token.ERROR): void {
  const text = message.text.slice(0, 4000);
  const server = SERVER_NAME;
  w.u8(token);
  w.u16(4 + 1 + 1 + 2 + text.length * 2 + 1 + server.length * 2 + 1 + 4);
  w.i32(message.number);
  w.u8(message.state);
  w.u8(message.severity);
  w.usVarchar(text);
  w.bVarchar(server);
  w.bVarchar('');
  w.i32(message.line ?? 1);
}

export function writeDone(w: MessageWriter, token: number, status: number, rowCount = 0, curCmd = 0): void {
  w.u8(token);
  w.u16(status);
  w.u16(curCmd);
  w.u64(BigInt(rowCount));
}

export function writeReturnStatus(w: MessageWriter, value: number): void {
  w.u8(Token.RETURNSTATUS);
  w.i32(value);
}

export function writeColMetadata(w: MessageWriter, columns: readonly ResultColumn[]): void {
  w.u8(Token.COLMETADATA);
  w.u16(columns.length);
  for (const column of columns) {
    w.u32(0); // user type
    w.u16(0x0001); // flags: nullable, read-only
    writeTypeInfo(w, column.type);
    w.bVarchar(column.name.slice(0, 128));
  }
}

export function writeRow(
  w: MessageWriter,
  columns: readonly ResultColumn[],
  values: readonly SqliteValue[],
): void {
  w.u8(Token.ROW);
  for (let i = 0; i < columns.length; i++) {
    writeValue(w, (columns[i] as ResultColumn).type, values[i] ?? null);
  }
}
