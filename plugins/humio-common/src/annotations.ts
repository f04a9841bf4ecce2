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
