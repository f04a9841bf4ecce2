import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { AmqpEnvironment } from './AmqpEnvironment';
import { readAmqpEnvironmentsConfig } from './config';

/**
 * All configured AMQP environments, keyed by name.
 *
 * @public
 */
export interface AmqpEnvironments {
  get(name: string): AmqpEnvironment | undefined;
  list(): AmqpEnvironment[];
}

/**
 * Root-scoped service holding one started {@link AmqpEnvironment} per entry in
 * `amqp.environments`. Connections are established in the background: a
 * broker that is down never fails backend start-up (check
 * `environment.status()` or use `whenConnected`). All environments are
 * stopped on backend shutdown. Without config the list is empty.
 *
 * Invalid config (e.g. a missing `url`) fails start-up with an `InputError`
 * naming the key.
 *
 * @public
 */
// Note: the explicit 'singleton' matters. With only `ServiceRef<T, 'root'>`
// the instances parameter defaults to 'singleton' | 'multiton' and dependents
// are typed as receiving `T[]`.
export const amqpEnvironmentsServiceRef: ServiceRef<
  AmqpEnvironments,
  'root',
  'singleton'
> = createServiceRef<AmqpEnvironments>({
  id: 'internal.amqp.environments',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory({ config, logger, lifecycle }) {
        const environments = new Map<string, AmqpEnvironment>();
        for (const { name, url } of readAmqpEnvironmentsConfig(config)) {
          const environment = AmqpEnvironment.create({
            name,
            url,
            logger: logger.child({ amqpEnvironment: name }),
          });
          environments.set(name, environment);
        }
        for (const environment of environments.values()) {
          environment.start();
        }
        lifecycle.addShutdownHook(async () => {
          await Promise.all(
            [...environments.values()].map(environment => environment.stop()),
          );
        });
        return {
          get: (name: string) => environments.get(name),
          list: () => [...environments.values()],
        };
      },
    }),
});
