import { Entity } from '@backstage/catalog-model';
import {
  quoteQueryString,
  QueryTemplateError,
  renderQueryTemplate,
  withTextFilter,
} from './query';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'meridian.io/humio-service': 'pay"ments' },
  },
  spec: { owner: 'group:default/squad-aura', replicas: 3 },
};

describe('query templates', () => {
  it('fills placeholders with the entity, escaped for quoted strings', () => {
    expect(
      renderQueryTemplate(
        'service = "{{ entity.metadata.name }}" owner = "{{entity.spec.owner}}" {{ entity.kind }}',
        entity,
      ),
    ).toBe(
      'service = "payments-api" owner = "group:default/squad-aura" Component',
    );
    expect(
      renderQueryTemplate(
        `service = "{{ entity.metadata.annotations['meridian.io/humio-service'] }}" n = {{ entity.spec.replicas }}`,
        entity,
      ),
    ).toBe('service = "pay\\"ments" n = 3');
  });

  it('refuses placeholders it cannot fill', () => {
    expect(() =>
      renderQueryTemplate('{{ entity.spec.system }}', entity),
    ).toThrow(
      new QueryTemplateError(
        'The entity has no value for {{ entity.spec.system }}',
      ),
    );
    expect(() => renderQueryTemplate('{{ entity.metadata }}', entity)).toThrow(
      'The entity has no value',
    );
    expect(() => renderQueryTemplate('{{ process.env.X }}', entity)).toThrow(
      'Unsupported placeholder {{ process.env.X }}',
    );
  });

  it('quotes text so that it stays text', () => {
    expect(quoteQueryString('a "b" \\ c\nd // e')).toBe(
      '"a \\"b\\" \\\\ c d // e"',
    );
    expect(withTextFilter('service = x', '  ')).toBe('service = x');
    expect(withTextFilter('service = x', ' refused ')).toBe(
      '"refused"\n| service = x',
    );
  });
});
