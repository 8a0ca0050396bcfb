import type { Request } from 'mssql';

/**
 * Runs `text` with the request in stream mode and collects its row objects into one array as they arrive
 * (the driver keeps no recordset of its own). Rejects with the first error the driver reports.
 */
export function collectRows<T>(request: Request, text: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const rows: T[] = [];
    let failure: unknown;
    request.stream = true;
    request.on('row', (row: T) => {
      rows.push(row);
    });
    request.on('error', (err: unknown) => {
      failure ??= err;
    });
    const settle = (): void => (failure === undefined ? resolve(rows) : reject(failure));
    request.on('done', settle);
    // The driver also settles the promise it returns once 'done' has gone out; settling twice is harmless.
    Promise.resolve(request.query(text)).then(settle, (err: unknown) => {
      failure ??= err;
      settle();
    });
  });
}
