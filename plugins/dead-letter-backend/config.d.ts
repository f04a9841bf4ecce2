import { HumanDuration } from '@backstage/types';

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
        queues?: string[];
        /**
         * Also capture every queue whose name matches `pattern`, listed
         * through the RabbitMQ management HTTP API.
         */
        discovery?: {
          /** A regular expression, e.g. '\\.dlq$'. */
          pattern: string;
          /** Base URL of the management API, e.g. http://rabbitmq:15672. */
          managementUrl: string;
          /** Defaults to the vhost of `amqp.environments.<env>.url`. */
          vhost?: string;
          /** Defaults to the user of `amqp.environments.<env>.url`. */
          username?: string;
          /**
           * Defaults to the password of `amqp.environments.<env>.url`.
           * @visibility secret
           */
          password?: string;
          /** How often the queues are listed (default 60). */
          intervalSeconds?: number;
        };
        /**
         * Who reads message bodies, headers and properties, and finds
         * messages by text in them: `owners` (the squads owning the queue
         * the message died in, and the platform team; permission
         * `dead-letter.message.read.body`) or `everyone` who may read dead
         * letters. Others see metadata only. Default: `owners` for an
         * environment named `prod` and, under the production configuration,
         * for every environment; `everyone` otherwise.
         */
        bodyAccess?: 'owners' | 'everyone';
        /**
         * Four eyes: a replay or discard of at least `minMessages` messages
         * waits until a second person approves it (another member of a
         * squad owning the messages, or the platform team; never the
         * requester), and expires after `expiry`. Default: on (100
         * messages, 24 hours) for an environment named `prod` and, under
         * the production configuration, for every environment; off
         * otherwise.
         */
        approval?: {
          /** Default: on for prod and production, off otherwise. */
          enabled?: boolean;
          /** Smallest selection that needs approval (default 100). */
          minMessages?: number;
          /** E.g. '24h' or { hours: 24 } (default 24 hours). */
          expiry?: string | HumanDuration;
        };
        /**
         * Headers that name a message's type when its AMQP `type` property
         * is empty, in the order they are looked for (case-insensitive).
         * Default: event-name, eventName, event-type, eventType,
         * message-type, messageType, x-event-name, x-message-type.
         */
        messageTypeHeaders?: string[];
        /** Unacknowledged messages per queue in flight (default 500). */
        prefetch?: number;
        /** Messages stored per database round trip (default 250). */
        batchSize?: number;
      };
    };
    /** How often the queue → owner mapping is reloaded from the catalog. */
    ownerRefreshMinutes?: number;
    /**
     * How long replayed and discarded messages are kept after they were
     * resolved, in days (default 30). Unresolved messages are never purged.
     */
    retentionDays?: number;
    replay?: {
      /**
       * Most messages one replay job may take when they are chosen by filter
       * (default 100000).
       */
      maxJobSize?: number;
      /**
       * A running job whose instance stopped heartbeating for this many
       * seconds is taken over by another instance (default 30).
       */
      staleAfterSeconds?: number;
      /**
       * A message is not replayed when it has been replayed this many times
       * already (header x-portal-replay-count). Default 5.
       */
      maxReplayCount?: number;
    };
  };
}
