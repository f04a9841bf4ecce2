import { GitHubGraphQLError } from './errors';

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

type Key = number | string;

/** Opaque like GitHub's (`Y3Vyc29yOnYy...` = "cursor:v2:..."), but carrying position and item key. */
export function encodeCursor(position: number, key?: Key): string {
  const payload = key === undefined ? [position] : [position, key];
  return Buffer.from(`cursor:v2:${JSON.stringify(payload)}`).toString('base64');
}

function decodeCursor(cursor: string): { position: number; key?: Key } {
  const invalid = () =>
    new GitHubGraphQLError(
      'INVALID_CURSOR_ARGUMENTS',
      `\`${cursor}\` does not appear to be a valid cursor.`,
    );
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!text.startsWith('cursor:v2:')) throw invalid();
  try {
    const payload = JSON.parse(text.slice('cursor:v2:'.length));
    if (!Array.isArray(payload) || typeof payload[0] !== 'number')
      throw invalid();
    return { position: payload[0], key: payload[1] };
  } catch {
    throw invalid();
  }
}

export interface ConnectionSource<T> {
  total: number;
  at(position: number): T;
  /** A stable identity, so cursors survive deletions before them. */
  keyAt?(position: number): Key;
  /** Position of the item with this key now, or -1 if it is gone. */
  locate?(key: Key, hint: number): number;
  /** Extra edge fields (e.g. a team member's role). */
  edgeExtra?(node: T, position: number): Record<string, unknown>;
}

/**
 * A Relay connection computed lazily: `totalCount` alone never builds nodes,
 * which keeps "how many?" queries cheap on 100k repositories.
 */
export class Connection<T> {
  private readonly start: number;
  private readonly end: number;

  constructor(
    private readonly source: ConnectionSource<T>,
    args: ConnectionArgs,
  ) {
    const total = source.total;
    const resolve = (cursor: string, isAfter: boolean) => {
      const { position, key } = decodeCursor(cursor);
      if (key !== undefined && source.keyAt && source.locate) {
        const inRange = position >= 0 && position < total;
        const now =
          inRange && source.keyAt(position) === key
            ? position
            : source.locate(key, position);
        // A vanished item: continue where it was rather than skipping one.
        if (now < 0) return Math.min(Math.max(position, 0), total);
        return isAfter ? now + 1 : now;
      }
      return isAfter ? position + 1 : position;
    };
    let start = args.after ? resolve(args.after, true) : 0;
    let end = args.before ? resolve(args.before, false) : total;
    start = Math.min(Math.max(start, 0), total);
    end = Math.min(Math.max(end, start), total);
    if (args.first !== null && args.first !== undefined) {
      end = Math.min(end, start + args.first);
    }
    if (args.last !== null && args.last !== undefined) {
      start = Math.max(start, end - args.last);
    }
    this.start = start;
    this.end = end;
  }

  get totalCount(): number {
    return this.source.total;
  }

  private cursor(position: number): string {
    return encodeCursor(position, this.source.keyAt?.(position));
  }

  get nodes(): T[] {
    const out: T[] = [];
    for (let i = this.start; i < this.end; i++) out.push(this.source.at(i));
    return out;
  }

  get edges() {
    const out = [];
    for (let i = this.start; i < this.end; i++) {
      const node = this.source.at(i);
      out.push({
        cursor: this.cursor(i),
        node,
        ...(this.source.edgeExtra?.(node, i) ?? {}),
      });
    }
    return out;
  }

  get pageInfo() {
    const empty = this.end <= this.start;
    return {
      hasNextPage: this.end < this.source.total,
      hasPreviousPage: this.start > 0,
      startCursor: empty ? null : this.cursor(this.start),
      endCursor: empty ? null : this.cursor(this.end - 1),
    };
  }
}

export function listConnection<T>(
  items: readonly T[],
  args: ConnectionArgs,
  edgeExtra?: (node: T, position: number) => Record<string, unknown>,
): Connection<T> {
  return new Connection(
    { total: items.length, at: i => items[i], edgeExtra },
    args,
  );
}
