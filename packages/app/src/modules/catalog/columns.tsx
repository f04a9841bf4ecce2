import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityListContextProps,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import { CatalogTable, CatalogTableRow } from '@backstage/plugin-catalog';
import Chip from '@material-ui/core/Chip';
import { SystemDomainLoader, systemRefOf } from './systemDomains';

let loader: SystemDomainLoader | undefined;

function useSystemDomainLoader() {
  const catalogApi = useApi(catalogApiRef);
  return useMemo(() => {
    loader ??= new SystemDomainLoader(catalogApi);
    return loader;
  }, [catalogApi]);
}

function DomainOfSystem({ systemRef }: { systemRef: string }) {
  const domains = useSystemDomainLoader();
  const { value: domain } = useAsync(
    () => domains.load(systemRef),
    [systemRef],
  );
  if (!domain) {
    return null;
  }
  const { namespace } = parseEntityRef(systemRef);
  return (
    <EntityRefLink
      entityRef={parseEntityRef(domain, {
        defaultKind: 'domain',
        defaultNamespace: namespace,
      })}
      defaultKind="domain"
    />
  );
}

const domainColumn: TableColumn<CatalogTableRow> = {
  title: 'Domain',
  field: 'entity.spec.system',
  sorting: false,
  render: ({ entity }) => {
    const system = entity.spec?.system;
    return typeof system === 'string' ? (
      <DomainOfSystem
        systemRef={systemRefOf(system, entity.metadata.namespace)}
      />
    ) : null;
  },
};

const tierColumn: TableColumn<CatalogTableRow> = {
  title: 'Tier',
  field: 'entity.spec.tier',
  width: 'auto',
  render: ({ entity }) =>
    entity.spec?.tier !== undefined ? (
      <Chip
        size="small"
        variant={entity.spec.tier === 1 ? 'default' : 'outlined'}
        label={`Tier ${entity.spec.tier}`}
      />
    ) : null,
};

const colonyColumn: TableColumn<CatalogTableRow> = {
  title: 'Colony',
  field: 'entity.spec.colony',
  render: ({ entity }) =>
    typeof entity.spec?.colony === 'string' ? (
      <EntityRefLink
        entityRef={{
          kind: 'group',
          namespace: entity.metadata.namespace ?? 'default',
          name: entity.spec.colony,
        }}
        defaultKind="group"
      />
    ) : null,
};

/** The catalog table's columns: stock ones, plus the organisation's own. */
export function portalColumns(
  context: EntityListContextProps,
): TableColumn<CatalogTableRow>[] {
  const kind = context.filters.kind?.value.toLocaleLowerCase('en-US');
  const { columns } = CatalogTable;

  if (kind === 'domain') {
    return [
      columns.createTitleColumn({ hidden: true }),
      columns.createNameColumn({ defaultKind: 'domain' }),
      tierColumn,
      colonyColumn,
      columns.createOwnerColumn(),
      columns.createMetadataDescriptionColumn(),
      columns.createTagsColumn(),
    ];
  }

  const stock = CatalogTable.defaultColumnsFunc(context);
  if (kind !== 'component') {
    return stock;
  }
  // Domain goes right after System, which it summarises one level up.
  const systemIndex = stock.findIndex(
    column => column.field === 'resolved.partOfSystemRelationTitle',
  );
  return [
    ...stock.slice(0, systemIndex + 1),
    domainColumn,
    ...stock.slice(systemIndex + 1),
  ];
}
