import { TdsProtocolError } from './packet.js';

/** A cursor over a client message; running past the end is a protocol error, never a crash. */
export class ByteReader {
  constructor(
    private readonly buffer: Buffer,
    public offset = 0,
  ) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  private take(n: number): number {
    if (this.offset + n > this.buffer.length)
      throw new TdsProtocolError('message ended in the middle of a value');
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(): number {
    return this.buffer.readUInt8(this.take(1));
  }

  u16(): number {
    return this.buffer.readUInt16LE(this.take(2));
  }

  i16(): number {
    return this.buffer.readInt16LE(this.take(2));
  }

  u32(): number {
    return this.buffer.readUInt32LE(this.take(4));
  }

  i32(): number {
    return this.buffer.readInt32LE(this.take(4));
  }

  i64(): bigint {
    return this.buffer.readBigInt64LE(this.take(8));
  }

  u64(): bigint {
    return this.buffer.readBigUInt64LE(this.take(8));
  }

  f32(): number {
    return this.buffer.readFloatLE(this.take(4));
  }

  f64(): number {
    return this.buffer.readDoubleLE(this.take(8));
  }

  /** Unsigned little-endian integer of 1..6 bytes. */
  uintLE(n: number): number {
    return n === 0 ? 0 : this.buffer.readUIntLE(this.take(n), n);
  }

  bytes(n: number): Buffer {
    const at = this.take(n);
    return this.buffer.subarray(at, at + n);
  }

  /** B_VARCHAR: 1-byte character count, UCS-2. */
  bVarchar(): string {
    return this.bytes(this.u8() * 2).toString('ucs2');
  }

  /** US_VARCHAR: 2-byte character count, UCS-2. */
  usVarchar(): string {
    return this.bytes(this.u16() * 2).toString('ucs2');
  }
}
