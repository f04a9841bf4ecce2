/**
 * Returns the URL with its password replaced by `***`, safe for logs.
 * Never throws; an unparseable URL is reduced to a placeholder.
 *
 * @internal
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '<invalid AMQP URL>';
  }
}

/**
 * Builds a function that converts an unknown error into a message string
 * with any occurrence of the URL or its password scrubbed.
 *
 * @internal
 */
export function createErrorDescriber(url: string): (error: unknown) => string {
  const secrets: string[] = [url];
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      secrets.push(parsed.password);
      try {
        const decoded = decodeURIComponent(parsed.password);
        if (decoded !== parsed.password) {
          secrets.push(decoded);
        }
      } catch {
        // ignore malformed escapes
      }
    }
  } catch {
    // unparseable URL: only the raw string is scrubbed
  }
  // Longest first so that the full URL is replaced before its parts.
  const ordered = secrets
    .filter(s => s.length >= 3)
    .sort((a, b) => b.length - a.length);
  return (error: unknown) => {
    let message: string;
    if (error instanceof Error) {
      message = error.message || error.name;
    } else {
      message = String(error);
    }
    for (const secret of ordered) {
      message = message
        .split(secret)
        .join(secret === url ? redactUrl(url) : '***');
    }
    // amqplib's words for a broker that closes the handshake, which is what
    // RabbitMQ does for an unknown vhost or a user without access to it.
    if (/Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
      message = `the broker refused to open the connection: the virtual host does not exist or the user may not use it (${message})`;
    }
    return message;
  };
}
