/**
 * Accepts the schemes GitHub accepts for a token (`token x`, `Bearer x`);
 * anything else, or no header at all, is "Bad credentials" when the server
 * was started with a token.
 */
export function isAuthorized(
  header: string | undefined,
  token: string | undefined,
): boolean {
  if (!token) return true;
  const m = /^(token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return m !== null && m[2] === token;
}
