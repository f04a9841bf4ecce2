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
  };
}
