import { hashPassword } from '../../dashboard/passwords.js';
import { parseCommandArgs } from '../command-usage.js';
import { usage } from '../usage/hash-password.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * `fleet hash-password [PASSWORD]`: prints a hash for a `name:role:hash` entry of DASHBOARD_USERS. Without an
 * argument the password is read from standard input (`printf %s "$PW" | fleet hash-password`), which keeps it out
 * of the shell history and the process list.
 */
export async function main(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(usage, args);
  const plain = positionals[0] ?? (process.stdin.isTTY ? '' : await readStdin());
  if (!plain) {
    process.stderr.write('hash-password: give the password as an argument or on standard input\n');
    return 2;
  }
  process.stdout.write(`${await hashPassword(plain)}\n`);
  return 0;
}
