/**
 * TDS packet framing (MS-TDS 2.2.3): an 8-byte header (type, status, big-endian length, SPID, packet id,
 * window) before each piece of a message. A message ends with the packet whose status has EOM set.
 */

export const PacketType = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  BULK_LOAD: 0x07,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  SSPI: 0x11,
  PRELOGIN: 0x12,
} as const;

export const PacketStatus = {
  EOM: 0x01,
  IGNORE: 0x02,
  RESET_CONNECTION: 0x08,
  RESET_CONNECTION_SKIP_TRAN: 0x10,
} as const;

export const HEADER_LENGTH = 8;
/** Largest message a client may send (a long SQL text); anything bigger is a protocol error. */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export class TdsProtocolError extends Error {
  override name = 'TdsProtocolError';
}

/** One complete client message. */
export interface IncomingMessage {
  type: number;
  payload: Buffer;
  /** The client cancelled the message while sending it (IGNORE bit): it must be discarded. */
  ignored: boolean;
  /** The client asked for the session to be reset before this request. */
  resetConnection: boolean;
}

/** Reassembles client messages from socket chunks. */
export class MessageAssembler {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private partsLength = 0;
  private firstStatus = 0;

  /** Feeds one socket chunk; returns the messages it completed, in order. */
  push(chunk: Buffer): IncomingMessage[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: IncomingMessage[] = [];
    while (this.pending.length >= HEADER_LENGTH) {
      const length = this.pending.readUInt16BE(2);
      if (length < HEADER_LENGTH)
        throw new TdsProtocolError(`packet length ${length} is shorter than its header`);
      if (this.pending.length < length) break;
      const type = this.pending.readUInt8(0);
      const status = this.pending.readUInt8(1);
      if (this.parts.length === 0) this.firstStatus = status;
      this.parts.push(this.pending.subarray(HEADER_LENGTH, length));
      this.partsLength += length - HEADER_LENGTH;
      this.pending = this.pending.subarray(length);
      if (this.partsLength > MAX_MESSAGE_BYTES) throw new TdsProtocolError('message too large');
      if (status & PacketStatus.EOM) {
        messages.push({
          type,
          payload: this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts),
          ignored: (status & PacketStatus.IGNORE) !== 0,
          resetConnection:
            (this.firstStatus & (PacketStatus.RESET_CONNECTION | PacketStatus.RESET_CONNECTION_SKIP_TRAN)) !==
            0,
        });
        this.parts = [];
        this.partsLength = 0;
      }
    }
    return messages;
  }
}

/** Where finished packets go (a socket). */
export interface PacketSink {
  write(packet: Buffer): boolean;
}

/**
 * Writes one server message as packets of the negotiated size. Bytes are appended to the current packet and
 * every full packet goes to the sink at once, so a large result never sits whole in memory.
 */
export class MessageWriter {
  private packet: Buffer;
  private pos = HEADER_LENGTH;
  private packetId = 1;
  private readonly scratch = Buffer.alloc(8);
  /** Packets handed to the sink so far; callers use it to yield to I/O between packets. */
  packetsSent = 0;

  constructor(
    private readonly sink: PacketSink,
    private readonly packetSize: number,
    private readonly spid: number,
    private readonly type: number = PacketType.TABULAR_RESULT,
  ) {
    this.packet = Buffer.allocUnsafe(packetSize);
  }

  u8(value: number): void {
    if (this.pos + 1 > this.packetSize) this.flush(false);
    this.packet[this.pos++] = value & 0xff;
  }

  u16(value: number): void {
    if (this.pos + 2 <= this.packetSize) this.pos = this.packet.writeUInt16LE(value & 0xffff, this.pos);
    else this.viaScratch(this.scratch.writeUInt16LE(value & 0xffff, 0));
  }

  u32(value: number): void {
    if (this.pos + 4 <= this.packetSize) this.pos = this.packet.writeUInt32LE(value >>> 0, this.pos);
    else this.viaScratch(this.scratch.writeUInt32LE(value >>> 0, 0));
  }

  i32(value: number): void {
    if (this.pos + 4 <= this.packetSize) this.pos = this.packet.writeInt32LE(value | 0, this.pos);
    else this.viaScratch(this.scratch.writeInt32LE(value | 0, 0));
  }

  i64(value: bigint): void {
    if (this.pos + 8 <= this.packetSize) this.pos = this.packet.writeBigInt64LE(value, this.pos);
    else this.viaScratch(this.scratch.writeBigInt64LE(value, 0));
  }

  u64(value: bigint): void {
    if (this.pos + 8 <= this.packetSize) this.pos = this.packet.writeBigUInt64LE(value, this.pos);
    else this.viaScratch(this.scratch.writeBigUInt64LE(value, 0));
  }

  f64(value: number): void {
    if (this.pos + 8 <= this.packetSize) this.pos = this.packet.writeDoubleLE(value, this.pos);
    else this.viaScratch(this.scratch.writeDoubleLE(value, 0));
  }

  bytes(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      if (this.pos === this.packetSize) this.flush(false);
      const n = Math.min(data.length - offset, this.packetSize - this.pos);
      data.copy(this.packet, this.pos, offset, offset + n);
      this.pos += n;
      offset += n;
    }
  }

  /**
   * A string's bytes in `encoding` (`byteLength` of them). Written straight into the packet when they fit,
   * the common case for the short values of a row.
   */
  text(value: string, encoding: 'utf8' | 'ucs2', byteLength: number): void {
    if (this.pos + byteLength <= this.packetSize) {
      this.pos += this.packet.write(value, this.pos, byteLength, encoding);
    } else {
      this.bytes(Buffer.from(value, encoding));
    }
  }

  private viaScratch(length: number): void {
    for (let i = 0; i < length; i++) this.u8(this.scratch[i] as number);
  }

  /** B_VARCHAR: a 1-byte character count, then UCS-2. */
  bVarchar(text: string): void {
    const value = text.length > 255 ? text.slice(0, 255) : text;
    this.u8(value.length);
    this.bytes(Buffer.from(value, 'ucs2'));
  }

  /** US_VARCHAR: a 2-byte character count, then UCS-2. */
  usVarchar(text: string): void {
    const value = text.length > 0xffff ? text.slice(0, 0xffff) : text;
    this.u16(value.length);
    this.bytes(Buffer.from(value, 'ucs2'));
  }

  /** Sends the last packet with EOM set: the message is complete. */
  end(): void {
    this.flush(true);
  }

  /** Sends what is buffered without ending the message (used before cutting a connection on purpose). */
  flushPartial(): void {
    if (this.pos > HEADER_LENGTH) this.flush(false);
  }

  private flush(last: boolean): void {
    const packet = this.packet.subarray(0, this.pos);
    packet.writeUInt8(this.type, 0);
    packet.writeUInt8(last ? PacketStatus.EOM : 0, 1);
    packet.writeUInt16BE(this.pos, 2);
    packet.writeUInt16BE(this.spid & 0xffff, 4);
    packet.writeUInt8(this.packetId, 6);
    packet.writeUInt8(0, 7);
    this.packetId = (this.packetId + 1) % 256;
    this.sink.write(packet);
    this.packetsSent += 1;
    this.packet = Buffer.allocUnsafe(this.packetSize);
    this.pos = HEADER_LENGTH;
  }
}
