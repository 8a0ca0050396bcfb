import type { Config } from '../../platform/config.js';
import type { SourceReaders } from '../run/read-sources.js';

export interface ClosableSourceReaders extends SourceReaders {
  close(): Promise<void>;
}

/** Source readers built on first use, so a worker that never re-plans never loads mssql or MSAL. */
export interface LazySourceReaders {
  get(): Promise<ClosableSourceReaders>;
  close(): Promise<void>;
}

export function lazySourceReaders(config: Config<'vista' | 'graph' | 'samsara'>): LazySourceReaders {
  let readers: Promise<ClosableSourceReaders> | undefined;
  return {
    get: () => {
      readers ??= import('./source-readers.js').then((m) => m.buildSourceReaders(config));
      return readers;
    },
    close: async () => {
      if (readers) await (await readers).close();
    },
  };
}
