export interface Config {
  /** Configuration for the shared AMQP (RabbitMQ) node library. */
  amqp?: {
    /**
     * AMQP environments (brokers) keyed by environment name, e.g. `dev`,
     * `staging`. One connection is maintained per environment.
     */
    environments?: {
      [name: string]: {
        /**
         * Connection URL, e.g. `amqp://user:password@rabbitmq:5672/vhost`.
         * Use `amqps://` for TLS.
         * @visibility secret
         */
        url: string;
      };
    };
  };
}
