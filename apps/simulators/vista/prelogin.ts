/**
 * PRELOGIN (MS-TDS 2.2.6.5): a table of (token, offset, length) options. The simulator has no TLS, so it
 * always answers ENCRYPT_NOT_SUP; a client that asked for encryption is refused at login with a clear error.
 */

const Option = {
  VERSION: 0x00,
  ENCRYPTION: 0x01,
  INSTOPT: 0x02,
  THREADID: 0x03,
  MARS: 0x04,
  TERMINATOR: 0xff,
} as const;

export const Encryption = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 } as const;

export interface ClientPrelogin {
  /** ENCRYPTION byte the client sent (OFF, ON, NOT_SUP or REQ); NOT_SUP when absent. */
  encryption: number;
}

export function decodePrelogin(payload: Buffer): ClientPrelogin {
  let encryption: number = Encryption.NOT_SUP;
  let offset = 0;
  while (offset + 5 <= payload.length) {
    const token = payload.readUInt8(offset);
    if (token === Option.TERMINATOR) break;
    const dataOffset = payload.readUInt16BE(offset + 1);
    const dataLength = payload.readUInt16BE(offset + 3);
    if (token === Option.ENCRYPTION && dataLength >= 1 && dataOffset < payload.length) {
      encryption = payload.readUInt8(dataOffset);
    }
    offset += 5;
  }
  return { encryption };
}

/** True when the client insists on TLS (encrypt: true), which the simulator cannot give. */
export function wantsEncryption(prelogin: ClientPrelogin): boolean {
  return prelogin.encryption === Encryption.ON || prelogin.encryption === Encryption.REQ;
}

/** The server's answer: version 15.0.2000 (SQL Server 2019), no encryption, no MARS. */
export function encodePreloginResponse(): Buffer {
  const options: Array<[number, Buffer]> = [
    [Option.VERSION, Buffer.from([15, 0, 0x07, 0xd0, 0, 0])],
    [Option.ENCRYPTION, Buffer.from([Encryption.NOT_SUP])],
    [Option.INSTOPT, Buffer.from([0])],
    [Option.THREADID, Buffer.alloc(0)],
    [Option.MARS, Buffer.from([0])],
  ];
  const tableLength = options.length * 5 + 1;
  const out = Buffer.alloc(tableLength + options.reduce((n, [, data]) => n + data.length, 0));
  let entry = 0;
  let dataOffset = tableLength;
  for (const [token, data] of options) {
    out.writeUInt8(token, entry);
    out.writeUInt16BE(dataOffset, entry + 1);
    out.writeUInt16BE(data.length, entry + 3);
    data.copy(out, dataOffset);
    entry += 5;
    dataOffset += data.length;
  }
  out.writeUInt8(Option.TERMINATOR, entry);
  return out;
}
