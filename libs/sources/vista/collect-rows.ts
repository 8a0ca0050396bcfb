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
    request.on('done', () => (failure === undefined ? resolve(rows) : reject(failure)));
    // In stream mode the outcome arrives through the events above; the returned promise carries nothing more.
    Promise.resolve(request.query(text)).catch((err: unknown) => {
      failure ??= err;
    });
  });
}
