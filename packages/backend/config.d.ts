export interface Config {
  /** Settings of the portal's own features. */
  portal: {
    /**
     * Entity ref of the platform team group (e.g. group:default/squad-atlas).
     * Its members may act on every entity, not just on those they own.
     */
    platformTeam: string;
    /**
     * Groups that may manage catalog ingestion (trigger, pause, resume,
     * reset providers) besides the platform team.
     */
    ingestionManagers?: string[];
    signIn?: {
      /** GitHub sign-in (auth.providers.github). */
      github?: {
        /**
         * The GitHub organisation whose members may sign in (GITHUB_ORG in
         * app-config.production.yaml). Required when auth.providers.github
         * is configured; membership is checked with GitHub at every sign-in
         * and session refresh.
         */
        organization?: string;
        /**
         * The integrations.github host the organisation is on, whose
         * credentials check membership. Default github.com.
         */
        host?: string;
      };
    };
  };
}
