/** A queue registered to the component that first claimed it. */
export type QueueClaim = {
  queue: string;
  /** The owning component (lower-case entity ref). */
  entityRef: string;
  /** When the claim was recorded (ISO 8601). */
  claimedAt: string;
  /** The claimant's source location (`backstage.io/managed-by-location`). */
  location?: string;
};

/** A later claim on a queue that is registered to another component. */
export type QueueConflict = {
  queue: string;
  /** The component that declares the queue but does not own it. */
  claimantRef: string;
  /** The component the queue is registered to. */
  ownerRef: string;
  detectedAt: string;
  /** The claimant's source location. */
  location?: string;
};

/** `GET /api/catalog/queue-registry/queues` */
export type QueueRegistryResponse = {
  claims: QueueClaim[];
  conflicts: QueueConflict[];
};
