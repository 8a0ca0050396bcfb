/**
 * Root of every failure a source reader (Graph, Samsara) throws. Each source subclasses it with its own
 * names so a caller can tell failures apart with `instanceof`; `name` is the subclass's own name.
 */
export class SourceError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
