export interface Config {
  /** Dead-letter capture (see also `amqp.environments` for the brokers). */
  deadLetter?: {
    /**
     * Per environment (a key of `amqp.environments`): the dead-letter queues
     * to drain into the portal.
     */
    environments?: {
      [environment: string]: {
        /** Names of the dead-letter queues to capture. */
        queues: string[];
        /** Unacknowledged messages per queue in flight (default 500). */
        prefetch?: number;
        /** Messages stored per database round trip (default 250). */
        batchSize?: number;
      };
    };
    /** How often the queue → owner mapping is reloaded from the catalog. */
    ownerRefreshMinutes?: number;
    replay?: {
      /**
       * A message is not replayed when it has been replayed this many times
       * already (header x-portal-replay-count). Default 5.
       */
      maxReplayCount?: number;
    };
  };
}
