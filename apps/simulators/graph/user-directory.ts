import type { GraphUser } from '../../../libs/domain/types.js';

/** Why a user left the directory, as Graph's delta query says it: `changed` soft-deleted, `deleted` for good. */
export type RemovalReason = 'changed' | 'deleted';

/** One user of the directory with the version of its last change; a removed user stays as a tombstone. */
export interface DirectoryEntry {
  readonly user: GraphUser;
  /** The directory version of the last change (0 for users loaded at start). */
  readonly version: number;
  readonly removed?: RemovalReason;
}

/** A change a test asked for that the directory cannot make. */
export class DirectoryChangeError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

/**
 * The simulator's Entra ID users, versioned for the delta query: every change takes the next version, so "what
 * changed since version V" is the entries above V. Entries are only ever appended (removals leave tombstones),
 * so a position in `entries()` names the same user for the life of the simulator: delta pages are positions.
 */
export class UserDirectory {
  private readonly list: DirectoryEntry[] = [];
  private readonly byId = new Map<string, number>();
  private current = 0;

  constructor(users: readonly GraphUser[]) {
    for (const user of users) this.put({ user, version: 0 });
  }

  /** The version of the latest change. */
  get version(): number {
    return this.current;
  }

  /** Every entry, tombstones included, in a stable order. */
  entries(): readonly DirectoryEntry[] {
    return this.list;
  }

  /** The users present now. */
  users(): GraphUser[] {
    return this.list.filter((e) => !e.removed).map((e) => e.user);
  }

  /** Creates the user, or replaces the one with its id (bringing back a removed one). */
  upsert(user: GraphUser): void {
    if (typeof user.id !== 'string' || user.id === '') {
      throw new DirectoryChangeError('id: a user needs a non-empty string id', 400);
    }
    this.put({ user: { ...user }, version: ++this.current });
  }

  /** Changes some properties of a present user; `undefined` values are left as they are. */
  update(id: string, patch: Partial<Omit<GraphUser, 'id'>>): GraphUser {
    const entry = this.present(id);
    const user = { ...entry.user };
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'id') throw new DirectoryChangeError('id: the id of a user cannot change', 400);
      if (value !== undefined) (user as unknown as Record<string, unknown>)[key] = value;
    }
    this.put({ user, version: ++this.current });
    return user;
  }

  /** Removes a present user: soft (`changed`, restorable in Entra ID) by default, or for good (`deleted`). */
  remove(id: string, reason: RemovalReason = 'changed'): void {
    const entry = this.present(id);
    this.put({ user: { id: entry.user.id }, version: ++this.current, removed: reason });
  }

  private present(id: string): DirectoryEntry {
    const index = this.byId.get(id);
    const entry = index === undefined ? undefined : this.list[index];
    if (!entry || entry.removed) throw new DirectoryChangeError(`no user with id ${id}`, 404);
    return entry;
  }

  private put(entry: DirectoryEntry): void {
    const index = this.byId.get(entry.user.id);
    if (index === undefined) {
      this.byId.set(entry.user.id, this.list.length);
      this.list.push(entry);
    } else {
      this.list[index] = entry;
    }
  }
}
