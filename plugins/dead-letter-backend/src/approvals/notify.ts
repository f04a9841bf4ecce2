import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** A Backstage notification (the notifications backend's payload). */
export type ApprovalNotification = {
  title: string;
  description: string;
  link: string;
  severity: 'high' | 'normal';
  topic: string;
  scope: string;
};

/** Sends notifications to users or groups (by entity ref). */
export type ApprovalNotifier = {
  send(entityRefs: string[], payload: ApprovalNotification): Promise<void>;
};

/**
 * Posts to the notifications backend as this plugin, the way its node
 * library does. A notification that cannot be sent is logged: the decision
 * it tells of stands, and the request is on the Dead Letter page anyway.
 */
export function createHttpNotifier(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
}): ApprovalNotifier {
  return {
    async send(entityRefs, payload) {
      if (entityRefs.length === 0) return;
      try {
        const baseUrl = await deps.discovery.getBaseUrl('notifications');
        const { token } = await deps.auth.getPluginRequestToken({
          onBehalfOf: await deps.auth.getOwnServiceCredentials(),
          targetPluginId: 'notifications',
        });
        const response = await fetch(baseUrl, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            recipients: { type: 'entity', entityRef: entityRefs },
            payload,
          }),
        });
        if (!response.ok) {
          throw new Error(`status ${response.status}`);
        }
      } catch (error) {
        deps.logger.warn(
          `Could not send the notification '${payload.title}': ${error}`,
        );
      }
    },
  };
}
