import { ConfigReader } from '@backstage/config';
import { isProductionConfig } from './production';

describe('isProductionConfig', () => {
  it('is true only for auth.environment production', () => {
    expect(
      isProductionConfig(
        new ConfigReader({ auth: { environment: 'production' } }),
      ),
    ).toBe(true);
    expect(
      isProductionConfig(
        new ConfigReader({ auth: { environment: 'development' } }),
      ),
    ).toBe(false);
    expect(isProductionConfig(new ConfigReader({}))).toBe(false);
  });
});
