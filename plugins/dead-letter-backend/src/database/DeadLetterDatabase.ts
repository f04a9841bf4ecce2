import { DatabaseService } from '@backstage/backend-plugin-api';
import { migratedClient } from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';
import { ApprovalStore } from './ApprovalStore';
import { AuditLog } from './AuditLog';
import { detectDialect, Dialect } from './dialect';
import { MessageQueries, SEARCH_SCAN_BUDGET } from './MessageQueries';
import { MessageResources } from './MessageResources';
import { MessageWriter } from './MessageWriter';
import { OwnerAssignment } from './OwnerAssignment';
import { ReplayStore } from './ReplayStore';
import { Retention } from './Retention';
import { SearchIndex } from './SearchIndex';

/**
 * The plugin's database: brings its schema up to date and hands out one
 * store per concern, all on the same connection.
 */
export class DeadLetterDatabase {
  /**
   * Connects to the plugin database and brings its schema up to date (unless
   * `skipMigrations` or the database service says to skip migrations).
   */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    /**
     * Messages a text search checks directly before it asks the search
     * index (default {@link SEARCH_SCAN_BUDGET}); 0 always asks the index.
     */
    searchScanBudget?: number;
  }): Promise<DeadLetterDatabase> {
    const knex = await migratedClient(options.database, {
      packageName: '@internal/backstage-plugin-dead-letter-backend',
      skipMigrations: options.skipMigrations,
    });
    return new DeadLetterDatabase(
      knex,
      await detectDialect(knex),
      options.searchScanBudget ?? SEARCH_SCAN_BUDGET,
    );
  }

  /** Captured messages going in, and their state changes. */
  readonly messages: MessageWriter;
  /** Pages, text search, one message, counts and failure groups. */
  readonly queries: MessageQueries;
  /** What permission decisions need of messages. */
  readonly resources: MessageResources;
  /** The text search index and its backlog. */
  readonly search: SearchIndex;
  /** The catalog ownership stored with each message. */
  readonly owners: OwnerAssignment;
  /** Replay jobs and their items. */
  readonly replays: ReplayStore;
  /** Four-eyes approval requests and the messages they hold. */
  readonly approvals: ApprovalStore;
  /** The audit log of every action on dead letters. */
  readonly audit: AuditLog;
  /** Removes resolved messages and finished jobs past their retention. */
  readonly retention: Retention;

  private constructor(knex: Knex, dialect: Dialect, searchScanBudget: number) {
    this.messages = new MessageWriter(knex, dialect);
    this.queries = new MessageQueries(knex, dialect, searchScanBudget);
    this.resources = new MessageResources(knex, dialect);
    this.search = new SearchIndex(knex, dialect);
    this.owners = new OwnerAssignment(knex);
    this.replays = new ReplayStore(knex);
    this.approvals = new ApprovalStore(knex);
    this.audit = new AuditLog(knex);
    this.retention = new Retention(knex);
  }
}
