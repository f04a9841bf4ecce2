import { ConfigReader } from '@backstage/config';
import { readConsumerSettings } from './consumerSettings';

describe('readConsumerSettings', () => {
  it('defaults to a prefetch of 500 stored 250 at a time', () => {
    expect(readConsumerSettings(new ConfigReader({}), 'x')).toEqual({
      prefetch: 500,
      batchSize: 250,
    });
  });

  it.each([
    [{ prefetch: 0 }],
    [{ batchSize: 0 }],
    [{ prefetch: 10, batchSize: 11 }],
  ])('refuses %j, naming where', settings => {
    expect(() =>
      readConsumerSettings(new ConfigReader(settings), 'a.environments.dev'),
    ).toThrow(
      'a.environments.dev: prefetch and batchSize must be positive and batchSize <= prefetch',
    );
  });
});
