export interface Config {
  /**
   * The open pull requests card of group pages. GitHub access (token or
   * GitHub App) comes from `integrations.github` for `host`.
   */
  githubPullRequests?: {
    /**
     * The GitHub host whose integration is used: github.com (default) or a
     * GitHub Enterprise host. `github.com/project-slug` annotations name
     * repositories on it.
     */
    host?: string;
    /**
     * The GitHub organisations whose repositories the card reads; a
     * component naming another owner's repository is refused (never asked
     * for, whatever the token may read). Default: the organisations of
     * `catalog.providers.githubRepos.<id>` on `host`. With neither, the card
     * says it is not configured.
     */
    organizations?: string[];
    /** How long a group's pull requests are reused before GitHub is asked again (default 60). */
    cacheSeconds?: number;
    /** Repositories read per group at most; more are left out and the answer says so (default 200). */
    maxRepositories?: number;
  };
}
