import { createPermission } from '@backstage/plugin-permission-common';

// The same permissions as `catalogIngestionReadPermission` and
// `catalogIngestionManagePermission` of `@backstage/plugin-catalog-common/alpha`,
// which the incremental ingestion router checks. That package is not a
// declared dependency of this plugin (it is only installed as a dependency of
// the catalog packages), so they are defined here with the same name and
// attributes; policies match them by name.

/** Reading the ingestion engine's state (`GET /incremental/...`). */
export const catalogIngestionReadPermission = createPermission({
  name: 'catalog.ingestion.read',
  attributes: { action: 'read' },
});

/** Trigger, start, cancel and reset (`POST`/`DELETE /incremental/...`). */
export const catalogIngestionManagePermission = createPermission({
  name: 'catalog.ingestion.manage',
  attributes: { action: 'update' },
});
