/**
 * The plugin's tables (see the migrations). Postgres with pg_trgm only:
 * {@link SEARCH} and {@link SEARCH_BACKLOG}.
 */
export const MESSAGES = 'dead_letter_messages';
/** Lower-cased text of indexed messages, with a trigram index. */
export const SEARCH = 'dead_letter_search';
/** Captured messages not in {@link SEARCH} yet. */
export const SEARCH_BACKLOG = 'dead_letter_search_backlog';
export const REPLAY_JOBS = 'dead_letter_replay_jobs';
export const REPLAY_ITEMS = 'dead_letter_replay_items';
export const AUDIT = 'dead_letter_audit';
export const APPROVALS = 'dead_letter_approvals';
export const APPROVAL_ITEMS = 'dead_letter_approval_items';
