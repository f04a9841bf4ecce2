export interface Config {
  /**
   * Humio (Falcon LogScale) for the "Logs" tab of components. Optional:
   * without it (or without baseUrl and token) the tab says Humio is not
   * configured.
   */
  humio?: {
    /**
     * Humio's URL, e.g. https://cloud.humio.com. The API is under /api/v1;
     * links to Humio's search page are built from it too.
     * @visibility backend
     */
    baseUrl?: string;
    /**
     * An API token that may search the repositories of the portal's
     * entities. Only the backend sees it.
     * @visibility secret
     */
    token?: string;
    /** Repository (or view) for entities without a `humio.com/repository` annotation. */
    defaultRepository?: string;
    /**
     * The only repositories entities may name in `humio.com/repository`
     * (the default repository is always allowed). Required in production
     * when Humio is configured: without it an annotation could point the
     * search token at any repository it can read (audit, security).
     */
    allowedRepositories?: string[];
    /**
     * The query of entities without a `humio.com/query` annotation: a Humio
     * filter with placeholders `{{ entity.metadata.name }}`,
     * `{{ entity.metadata.namespace }}`, `{{ entity.kind }}`,
     * `{{ entity.spec.owner }}` (any string of the entity by path).
     * Default `service = "{{ entity.metadata.name }}"`.
     */
    defaultQuery?: string;
    /**
     * Put ahead of an entity's own `humio.com/query` as a first stage, so the
     * annotation only narrows the entity's events and can never reach other
     * services' (same placeholders; default: `defaultQuery`). Use values the
     * catalog guarantees per entity, such as `{{ entity.metadata.name }}`,
     * not annotations anyone may write.
     */
    serviceFilter?: string;
    /** The filter that makes an event an error, for the error count. Default `level = ERROR`. */
    errorFilter?: string;
    /**
     * How long one Humio request may take: `{ seconds: 10 }` or a string
     * such as `10s` (default 10 seconds).
     */
    timeout?:
      | { milliseconds?: number; seconds?: number; minutes?: number }
      | string;
  };
}
