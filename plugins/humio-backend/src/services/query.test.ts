import { Entity } from '@backstage/catalog-model';
import { repeatTo, timeRatio } from '@internal/portal-test-utils';
import {
  assertConfinedQuery,
  confineQuery,
  MAX_RENDERED_QUERY_LENGTH,
  parsePlaceholderPath,
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

  it('reads placeholders as the regex did: braces inside end them, unclosed ones stay text', () => {
    const short: Entity = { ...entity, metadata: { name: 'a' } };
    expect(renderQueryTemplate('{{{ entity.metadata.name }}}', short)).toBe(
      '{a}',
    );
    expect(renderQueryTemplate('{{ x { y }} {{ entity.kind }}', short)).toBe(
      '{{ x { y }} Component',
    );
    expect(renderQueryTemplate('a {{ b } c', short)).toBe('a {{ b } c');
    expect(renderQueryTemplate('{{entity.metadata.name}}}}', short)).toBe(
      'a}}',
    );
    expect(renderQueryTemplate('x = {} and {{', short)).toBe('x = {} and {{');
    expect(() => renderQueryTemplate('{{}}', short)).toThrow(
      'Unsupported placeholder {{  }}',
    );
    expect(parsePlaceholderPath(`entity.metadata.annotations['a/b']`)).toEqual([
      'metadata',
      'annotations',
      'a/b',
    ]);
    expect(parsePlaceholderPath('entity["x"].y')).toEqual(['x', 'y']);
    for (const bad of [
      'entity',
      'entity.',
      'entity[x]',
      "entity['x'",
      'entityx',
      'entity..a',
      'other.x',
    ]) {
      expect(parsePlaceholderPath(bad)).toBeUndefined();
    }
    // Only the entity's own fields, not what objects inherit.
    expect(() =>
      renderQueryTemplate('{{ entity.constructor.name }}', short),
    ).toThrow('The entity has no value for {{ entity.constructor.name }}');
  });

  it('caps what a template may render to', () => {
    const long: Entity = {
      ...entity,
      metadata: { name: 'a', description: 'd'.repeat(5000) },
    };
    expect(() =>
      renderQueryTemplate('{{ entity.metadata.description }}'.repeat(5), long),
    ).toThrow(
      new QueryTemplateError(
        `The query is longer than ${MAX_RENDERED_QUERY_LENGTH} characters once its placeholders are filled`,
      ),
    );
  });

  it('puts the service filter ahead of an annotation, and refuses functions that read other repositories', () => {
    expect(confineQuery('service = "a"', 'level = ERROR or *')).toBe(
      'service = "a"\n| level = ERROR or *',
    );
    for (const query of [
      'join({service = x}, field=id, repository=audit)',
      'level = ERROR | JOIN ({*}, field=id)',
      'x | defineTable(query={*}, name=t)',
      'selfJoinFilter(field=id, where=[{a}])',
      'readFile(users.csv)',
      'x | correlate(a: {*})',
    ]) {
      expect(() => assertConfinedQuery(query)).toThrow(QueryTemplateError);
    }
    expect(() =>
      assertConfinedQuery(
        'message = "joined" | rejoin = 1 | groupBy(join) | array:join(a)',
      ),
    ).not.toThrow();
    expect(() => confineQuery('service = "a"', 'join({*})')).toThrow(
      "The query may not use join(): it reads beyond this component's events",
    );
  });

  describe('in linear time on adversarial annotations (100 KB at most 30x the time of 10 KB)', () => {
    const short: Entity = {
      ...entity,
      metadata: {
        name: 'a',
        annotations: { 'x/y': 'v' },
      },
    };
    const render = (template: string) => {
      renderQueryTemplate(template, short);
    };
    const shapes: Array<[string, (length: number) => string]> = [
      ['{{ and spaces', n => `{{${' '.repeat(n - 2)}`],
      ['{{ and spaces, then a lone }', n => `{{${' '.repeat(n - 3)}}`],
      ['only opening braces', n => '{'.repeat(n)],
      ['unclosed placeholders', n => repeatTo('{{ entity.metadata ', n)],
      ['nested braces', n => repeatTo('{{ {{ } }', n)],
      ['a long placeholder name', n => `{{ entity.${'a'.repeat(n - 12)} }}`],
      ['an unclosed quoted key', n => `{{ entity['${'a'.repeat(n - 14)} }}`],
      ['many placeholders', n => repeatTo('{{entity.metadata.name}}', n)],
      [
        'many annotation placeholders',
        n => repeatTo(`{{ entity.metadata.annotations['x/y'] }}`, n),
      ],
    ];
    it.each(shapes)('%s', (_name, shape) => {
      const ratio = timeRatio(render, shape(10_000), shape(100_000));
      expect(ratio).toBeLessThanOrEqual(30);
    });

    it('function names in an annotation', () => {
      for (const shape of [
        (n: number) => 'a'.repeat(n),
        (n: number) => repeatTo('join ', n),
        (n: number) => `join${' '.repeat(n - 4)}`,
      ]) {
        const ratio = timeRatio(
          q => assertConfinedQuery(q),
          shape(10_000),
          shape(100_000),
        );
        expect(ratio).toBeLessThanOrEqual(30);
      }
    });
  });
});
