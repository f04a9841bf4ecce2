import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readAmqpEnvironmentsConfig } from './config';

describe('readAmqpEnvironmentsConfig', () => {
  it('returns an empty list without config', () => {
    expect(readAmqpEnvironmentsConfig(new ConfigReader({}))).toEqual([]);
    expect(readAmqpEnvironmentsConfig(new ConfigReader({ amqp: {} }))).toEqual(
      [],
    );
  });

  it('reads all environments', () => {
    expect(
      readAmqpEnvironmentsConfig(
        new ConfigReader({
          amqp: {
            environments: {
              dev: { url: 'amqp://u:p@rabbit-dev:5672/app' },
              prod: { url: 'amqps://u:p@rabbit-prod/app' },
            },
          },
        }),
      ),
    ).toEqual([
      { name: 'dev', url: 'amqp://u:p@rabbit-dev:5672/app' },
      { name: 'prod', url: 'amqps://u:p@rabbit-prod/app' },
    ]);
  });

  it.each([
    [{ dev: {} }, /Missing required config key 'amqp\.environments\.dev\.url'/],
    [{ dev: { url: '' } }, /config key 'amqp\.environments\.dev\.url'/],
    [{ dev: { url: 42 } }, /Invalid config key 'amqp\.environments\.dev\.url'/],
    [
      { dev: { url: 'not a url with s3cret' } },
      /Invalid config key 'amqp\.environments\.dev\.url': not a valid URL/,
    ],
    [
      { dev: { url: 'http://u:s3cret@host' } },
      /Invalid config key 'amqp\.environments\.dev\.url': protocol must be amqp: or amqps:/,
    ],
  ])(
    'rejects %j with an InputError naming the key',
    (environments, message) => {
      const read = () =>
        readAmqpEnvironmentsConfig(
          new ConfigReader({ amqp: { environments } }),
        );
      expect(read).toThrow(InputError);
      expect(read).toThrow(message);
      let thrown: unknown;
      try {
        read();
      } catch (error) {
        thrown = error;
      }
      expect(String((thrown as Error).message)).not.toContain('s3cret');
    },
  );
});
