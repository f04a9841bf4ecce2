import useAsync from 'react-use/esm/useAsync';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ANNOTATION_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogUnprocessedEntitiesApiRef,
  UnprocessedEntity,
} from '@backstage/plugin-catalog-unprocessed-entities';
import Typography from '@material-ui/core/Typography';

type Row = {
  id: string;
  entityRef: string;
  kind: string;
  location: string;
  state: 'never processed' | 'failed';
  errors: string[];
};

function toRow(
  entity: UnprocessedEntity,
  state: Row['state'],
): Row | undefined {
  const errors = (entity.errors ?? []).map(error => error.message);
  if (errors.length === 0) {
    return undefined;
  }
  const unprocessed = entity.unprocessed_entity;
  return {
    id: entity.entity_id,
    // The API leaves entity_ref out of pending rows; derive it instead.
    entityRef: unprocessed?.metadata?.name
      ? stringifyEntityRef(unprocessed)
      : entity.entity_ref ?? entity.entity_id,
    kind: unprocessed?.kind ?? 'unknown',
    location: unprocessed?.metadata?.annotations?.[ANNOTATION_LOCATION] ?? '',
    state,
    errors,
  };
}

// Messages come from files anyone can register: render them as plain text.
const columns: TableColumn<Row>[] = [
  { title: 'Entity', field: 'entityRef', highlight: true },
  { title: 'Kind', field: 'kind' },
  { title: 'State', field: 'state' },
  { title: 'Location', field: 'location' },
  {
    title: 'Errors',
    field: 'errors',
    width: '45%',
    render: row => (
      <>
        {row.errors.map((message, index) => (
          <Typography
            key={index}
            variant="body2"
            component="pre"
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
          >
            {message}
          </Typography>
        ))}
      </>
    ),
  },
];

/**
 * Every entity the catalog could not process, with its errors: invalid YAML,
 * unknown kinds, failed validation. The stock page hides entities that never
 * got through processing once, which are the ones people most need to see.
 */
export function CatalogErrorsPage() {
  const api = useApi(catalogUnprocessedEntitiesApiRef);
  const { value, loading, error } = useAsync(async () => {
    const [failed, pending] = await Promise.all([api.failed(), api.pending()]);
    return [
      ...failed.entities.map(entity => toRow(entity, 'failed')),
      ...pending.entities.map(entity => toRow(entity, 'never processed')),
    ].filter((row): row is Row => Boolean(row));
  }, [api]);

  return (
    <Page themeId="tool">
      <Header
        title="Catalog errors"
        subtitle="Entities the catalog could not process, and why"
      />
      <Content>
        <ContentHeader title="">
          <Typography variant="body2">
            Fix the file at the location shown; the catalog retries on its own.
          </Typography>
        </ContentHeader>
        {error ? (
          <ResponseErrorPanel error={error} />
        ) : (
          <Table<Row>
            title={`Entities with errors (${value?.length ?? 0})`}
            isLoading={loading}
            columns={columns}
            data={value ?? []}
            options={{ paging: true, pageSize: 20, search: true }}
            emptyContent={
              <Typography style={{ padding: 16 }}>
                The catalog processed every entity without errors.
              </Typography>
            }
          />
        )}
      </Content>
    </Page>
  );
}
