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
     * When set, the only repositories entities may name in
     * `humio.com/repository` (the default repository is always allowed).
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
