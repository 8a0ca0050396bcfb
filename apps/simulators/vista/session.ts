/**
 * One client connection: PRELOGIN → LOGIN7 → requests (SQL batches and sp_executesql RPCs), one at a time,
 * each answered by one message, with ATTENTION (cancel) honoured at any point. Each session reads the data
 * file through its own read-only SQLite handle, like a SQL Server session of its own.
 */

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Socket } from 'node:net';
import type { Statement } from 'better-sqlite3';
import type { Logger } from '../../../libs/platform/logger.js';
import { resolveColumnType, UTF8_COLLATION, type SqliteValue } from './column-types.js';
import { takeFault, type VistaTestFaults } from './faults.js';
import { decodeLogin7, type Login7 } from './login7.js';
import {
  MessageAssembler,
  MessageWriter,
  PacketType,
  TdsProtocolError,
  type IncomingMessage,
} from './packet.js';
import { UnsupportedParameterType } from './parameter-values.js';
import { decodePrelogin, encodePreloginResponse, wantsEncryption } from './prelogin.js';
import type { RequestLog } from './request-log.js';
import { asExecuteSql, decodeRpc } from './rpc.js';
import { openSessionDatabase, type SessionDatabase } from './session-database.js';
import { decodeSqlBatch } from './sql-batch.js';
import type { SqlServerCatalog } from './sql-server-catalog.js';
import { splitStatements, sqlServerErrorNumber, withoutSessionOptions } from './sql-dialect.js';
import {
  DoneStatus,
  EnvChange,
  TDS_7_4,
  Token,
  writeColMetadata,
  writeDone,
  writeEnvChangeBytes,
  writeEnvChangeText,
  writeLoginAck,
  writeMessage,
  writeReturnStatus,
  writeRow,
  type ResultColumn,
  type ServerMessage,
} from './tokens.js';

export interface SessionContext {
  dataFile: string;
  /** When set, only this login is accepted. */
  credentials?: { user: string; password: string };
  /** Columns whose values do not fit their declared type (see off-type-columns.ts). */
  offTypeColumns: ReadonlySet<string>;
  /** Test only (see faults.ts). */
  faults: VistaTestFaults;
  /** Table object_ids and the `sys` views each session attaches. */
  catalog: SqlServerCatalog;
  /** CHANGE_TRACKING_CURRENT_VERSION() answers the version instead of NULL. */
  changeTracking: boolean;
  /** Where each request that runs a statement is recorded. */
  requests: RequestLog;
  spid: number;
  logger: Logger;
}

interface Request {
  message: IncomingMessage;
  cancelled: boolean;
  /** Wakes a request that is waiting (a test delay) when it is cancelled or the connection closes. */
  wake?: () => void;
}

type StatementOutcome = 'done' | 'failed' | 'connection-cut';

const INITIAL_PACKET_SIZE = 4096;
const SELECT_COMMAND = 0xc1;
const STATEMENT_CACHE_SIZE = 200;

export class TdsSession {
  private phase: 'prelogin' | 'login' | 'ready' = 'prelogin';
  private packetSize = INITIAL_PACKET_SIZE;
  private encryptionRequested = false;
  private data: SessionDatabase | undefined;
  private readonly statements = new Map<string, Statement>();
  private readonly assembler = new MessageAssembler();
  private readonly queue: Request[] = [];
  private current: Request | undefined;
  private working = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: SessionContext,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) =>
      ctx.logger.debug('client socket error', { spid: ctx.spid, error: err.message }),
    );
    socket.on('close', () => this.onClose());
  }

  private onData(chunk: Buffer): void {
    let messages: IncomingMessage[];
    try {
      messages = this.assembler.push(chunk);
    } catch (err) {
      this.protocolError(err);
      return;
    }
    for (const message of messages) {
      if (message.type === PacketType.ATTENTION) this.onAttention();
      else {
        this.queue.push({ message, cancelled: false });
        void this.work();
      }
    }
  }

  /** Cancels the latest request; with none running, the acknowledgement goes out at once. */
  private onAttention(): void {
    const target = this.queue.at(-1) ?? this.current;
    if (target && !target.cancelled) {
      target.cancelled = true;
      target.wake?.();
    } else {
      this.sendDone(DoneStatus.ATTENTION);
    }
  }

  private onClose(): void {
    this.closed = true;
    this.current?.wake?.();
    if (!this.working) this.releaseDatabase();
  }

  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const request = this.queue.shift() as Request;
        this.current = request;
        try {
          await this.handle(request);
        } catch (err) {
          this.protocolError(err);
        }
        // The cancelled request's (cut short) response is complete: acknowledge the ATTENTION separately.
        if (request.cancelled && !this.closed) this.sendDone(DoneStatus.ATTENTION);
        this.current = undefined;
      }
    } finally {
      this.working = false;
      if (this.closed) this.releaseDatabase();
    }
  }

  private async handle(request: Request): Promise<void> {
    const { message } = request;
    if (message.ignored || (request.cancelled && this.phase === 'ready')) {
      this.sendDone(DoneStatus.FINAL);
      return;
    }
    switch (this.phase) {
      case 'prelogin':
        if (message.type !== PacketType.PRELOGIN) throw new TdsProtocolError('expected PRELOGIN');
        this.encryptionRequested = wantsEncryption(decodePrelogin(message.payload));
        this.sendRaw(encodePreloginResponse());
        this.phase = 'login';
        return;
      case 'login':
        if (message.type !== PacketType.LOGIN7) throw new TdsProtocolError('expected LOGIN7');
        this.login(decodeLogin7(message.payload));
        return;
      case 'ready':
        if (message.type === PacketType.SQL_BATCH) {
          await this.execute(request, decodeSqlBatch(message.payload), {}, 'batch');
        } else if (message.type === PacketType.RPC) {
          await this.executeRpc(request);
        } else {
          this.sendError(
            { number: 40000, state: 1, severity: 16, text: notSupported(message.type) },
            Token.DONE,
          );
        }
        return;
    }
  }

  private login(login: Login7): void {
    const refuse = (text: string, number = 18456): void => {
      const w = this.writer(INITIAL_PACKET_SIZE);
      writeMessage(w, { number, state: 1, severity: 14, text });
      writeDone(w, Token.DONE, DoneStatus.ERROR);
      w.end();
      this.socket.end();
    };
    if (this.encryptionRequested) {
      refuse('The Vista simulator has no TLS: the client asked for encryption; connect with encrypt: false.');
      return;
    }
    const expected = this.ctx.credentials;
    if (expected && (login.userName !== expected.user || login.password !== expected.password)) {
      this.ctx.logger.info('login refused', { spid: this.ctx.spid });
      refuse(`Login failed for user '${login.userName}'.`);
      return;
    }
    try {
      this.data = openSessionDatabase(this.ctx.dataFile, this.ctx.catalog, this.ctx.changeTracking);
    } catch (err) {
      refuse(`Cannot open the Vista data file: ${(err as Error).message}`, 4060);
      return;
    }
    this.packetSize = Math.min(32767, Math.max(512, login.packetSize || INITIAL_PACKET_SIZE));
    const database = login.database || 'Viewpoint';
    const w = this.writer(INITIAL_PACKET_SIZE);
    writeEnvChangeText(w, EnvChange.DATABASE, database, 'master');
    writeMessage(
      w,
      { number: 5701, state: 2, severity: 0, text: `Changed database context to '${database}'.` },
      Token.INFO,
    );
    writeEnvChangeBytes(w, EnvChange.SQL_COLLATION, UTF8_COLLATION, Buffer.alloc(0));
    writeEnvChangeText(w, EnvChange.LANGUAGE, 'us_english', '');
    writeLoginAck(w, TDS_7_4);
    writeEnvChangeText(w, EnvChange.PACKET_SIZE, String(this.packetSize), String(INITIAL_PACKET_SIZE));
    writeDone(w, Token.DONE, DoneStatus.FINAL);
    w.end();
    this.phase = 'ready';
  }

  private async executeRpc(request: Request): Promise<void> {
    let call;
    try {
      call = asExecuteSql(decodeRpc(request.message.payload));
    } catch (err) {
      if (!(err instanceof UnsupportedParameterType)) throw err;
      this.sendError({ number: 8016, state: 1, severity: 16, text: err.message }, Token.DONEPROC);
      return;
    }
    if (!call) {
      const text = 'The Vista simulator runs only sp_executesql (ProcID 10).';
      this.sendError({ number: 2812, state: 62, severity: 16, text }, Token.DONEPROC);
      return;
    }
    await this.execute(request, call.sql, call.values, 'rpc');
  }

  /** Runs a batch's statements in order, each with its result set, in one response message. */
  private async execute(
    request: Request,
    sql: string,
    values: Record<string, SqliteValue>,
    mode: 'batch' | 'rpc',
  ): Promise<void> {
    const w = this.writer(this.packetSize);
    if (request.message.resetConnection) {
      writeEnvChangeBytes(w, EnvChange.RESET_CONNECTION, Buffer.alloc(0), Buffer.alloc(0));
    }
    const doneToken = mode === 'rpc' ? Token.DONEINPROC : Token.DONE;
    let failed = false;
    const statements = splitStatements(sql)
      .map(withoutSessionOptions)
      .filter((s) => s !== '');
    const logged = statements.length > 0 ? this.ctx.requests.record(mode, sql) : undefined;
    for (const runnable of statements) {
      if (request.cancelled || this.closed) break;
      const outcome = await this.runStatement(w, request, runnable, values, doneToken);
      if (outcome === 'connection-cut') {
        if (logged) logged.fault = 'connection-cut';
        return;
      }
      if (outcome === 'failed') {
        failed = true;
        break;
      }
    }
    if (mode === 'rpc') {
      writeReturnStatus(w, failed ? -6 : 0);
      writeDone(w, Token.DONEPROC, failed ? DoneStatus.ERROR : DoneStatus.FINAL);
    } else {
      writeDone(w, Token.DONE, failed ? DoneStatus.ERROR : DoneStatus.FINAL);
    }
    w.end();
  }

  private async runStatement(
    w: MessageWriter,
    request: Request,
    sql: string,
    values: Record<string, SqliteValue>,
    doneToken: number,
  ): Promise<StatementOutcome> {
    const fail = (err: unknown): StatementOutcome => {
      const text = `SQLite: ${(err as Error).message}`;
      writeMessage(w, { number: sqlServerErrorNumber(text), state: 1, severity: 16, text });
      writeDone(w, doneToken, DoneStatus.ERROR | DoneStatus.MORE);
      return 'failed';
    };
    let statement: Statement;
    try {
      statement = this.prepare(sql);
    } catch (err) {
      return fail(err);
    }
    const fault = takeFault(this.ctx.faults, sql);
    if (fault?.delayMs) {
      await this.pause(request, fault.delayMs);
      if (request.cancelled || this.closed) return 'done';
    }
    try {
      if (!statement.reader) {
        const { changes } = statement.run(values);
        writeDone(w, doneToken, DoneStatus.COUNT | DoneStatus.MORE, changes);
        return 'done';
      }
      const columns: ResultColumn[] = statement.columns().map((c) => ({
        name: c.name,
        type: resolveColumnType(c, this.ctx.offTypeColumns),
      }));
      writeColMetadata(w, columns);
      let rows = 0;
      let packetsAtLastYield = w.packetsSent;
      for (const row of statement.iterate(values) as IterableIterator<SqliteValue[]>) {
        writeRow(w, columns, row);
        rows++;
        if (fault?.destroyAfterRows !== undefined && rows >= fault.destroyAfterRows) {
          w.flushPartial();
          this.socket.destroy();
          return 'connection-cut';
        }
        if (w.packetsSent !== packetsAtLastYield) {
          packetsAtLastYield = w.packetsSent;
          await this.yieldToIo();
          if (request.cancelled || this.closed) break;
        }
      }
      writeDone(w, doneToken, DoneStatus.COUNT | DoneStatus.MORE, rows, SELECT_COMMAND);
      return 'done';
    } catch (err) {
      return fail(err);
    }
  }

  private prepare(sql: string): Statement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    if (!this.data) throw new TdsProtocolError('no database open');
    const statement = this.data.db.prepare(sql);
    if (statement.reader) statement.raw(true);
    if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.clear();
    this.statements.set(sql, statement);
    return statement;
  }

  /** Lets the socket drain and incoming packets (an ATTENTION) be read between packets of a large result. */
  private async yieldToIo(): Promise<void> {
    if (!this.socket.writableNeedDrain) {
      await nextTurn();
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.once('drain', done);
      this.socket.once('close', done);
    });
  }

  private pause(request: Request, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        request.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      request.wake = done;
    });
  }

  private writer(packetSize: number): MessageWriter {
    const sink = { write: (packet: Buffer) => !this.closed && this.socket.write(packet) };
    return new MessageWriter(sink, packetSize, this.ctx.spid);
  }

  private sendRaw(payload: Buffer): void {
    const w = this.writer(INITIAL_PACKET_SIZE);
    w.bytes(payload);
    w.end();
  }

  private sendDone(status: number): void {
    if (this.closed) return;
    const w = this.writer(this.packetSize);
    writeDone(w, Token.DONE, status);
    w.end();
  }

  private sendError(message: ServerMessage, doneToken: number): void {
    const w = this.writer(this.packetSize);
    writeMessage(w, message);
    writeDone(w, doneToken, DoneStatus.ERROR);
    w.end();
  }

  private protocolError(err: unknown): void {
    this.ctx.logger.warn('closing a client connection after a protocol error', {
      spid: this.ctx.spid,
      error: (err as Error).message,
    });
    this.socket.destroy();
  }

  private releaseDatabase(): void {
    this.statements.clear();
    this.data?.close();
    this.data = undefined;
  }
}

function notSupported(type: number): string {
  return type === PacketType.TRANSACTION_MANAGER
    ? 'The Vista simulator is read-only and has no transactions.'
    : `The Vista simulator does not support TDS message type 0x${type.toString(16)}.`;
}
