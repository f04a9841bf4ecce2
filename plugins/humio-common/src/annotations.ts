/**
 * The Humio repository (or view) holding an entity's logs; without it the
 * backend's `humio.defaultRepository` is used.
 */
export const HUMIO_REPOSITORY_ANNOTATION = 'humio.com/repository';

/**
 * The entity's own Humio query (a filter, e.g. `service = "payments-api"`),
 * replacing the backend's `humio.defaultQuery` template. It may use the same
 * `{{ entity.metadata.name }}` placeholders.
 */
export const HUMIO_QUERY_ANNOTATION = 'humio.com/query';

/**
 * The longest `humio.com/query` the backend reads. Annotations are written by
 * anyone who can edit a `catalog-info.yaml`; a filter of one component's
 * events fits easily.
 */
export const MAX_HUMIO_QUERY_ANNOTATION_LENGTH = 2000;

/** The longest `humio.com/repository` the backend reads (Humio's names are short). */
export const MAX_HUMIO_REPOSITORY_ANNOTATION_LENGTH = 100;
