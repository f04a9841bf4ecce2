/*
 * Global node IDs in GitHub's current style (`R_kgDO...`, `PR_kwDO...`):
 * opaque to clients, but decodable here so that the node_id from a REST
 * response resolves through GraphQL `node(id:)`/`nodes(ids:)`.
 */

export type NodeKind =
  | 'Repository'
  | 'User'
  | 'Bot'
  | 'Organization'
  | 'Team'
  | 'PullRequest'
  | 'PullRequestReview'
  | 'Label'
  | 'Topic'
  | 'RepositoryTopic'
  | 'Ref'
  | 'Blob'
  | 'Tree'
  | 'Commit'
  | 'BranchProtectionRule'
  | 'ReviewRequest'
  | 'StatusContext'
  | 'Language';

const PREFIX: Record<NodeKind, string> = {
  Repository: 'R_kgDO',
  User: 'U_kgDO',
  Bot: 'BOT_kgDO',
  Organization: 'O_kgDO',
  Team: 'T_kwDO',
  PullRequest: 'PR_kwDO',
  PullRequestReview: 'PRR_kwDO',
  Label: 'LA_kwDO',
  Topic: 'TO_kwDO',
  RepositoryTopic: 'RT_kwDO',
  Ref: 'REF_kwDO',
  Blob: 'B_kwDO',
  Tree: 'TR_kwDO',
  Commit: 'C_kwDO',
  BranchProtectionRule: 'BPR_kwDO',
  ReviewRequest: 'RR_kwDO',
  StatusContext: 'SC_kwDO',
  Language: 'LANG_kwDO',
};

export function nodeId(
  kind: NodeKind,
  ...parts: Array<string | number>
): string {
  return PREFIX[kind] + Buffer.from(parts.join(':')).toString('base64url');
}

export function decodeNodeId(
  id: string,
): { kind: NodeKind; parts: string[] } | undefined {
  for (const [kind, prefix] of Object.entries(PREFIX) as Array<
    [NodeKind, string]
  >) {
    if (id.startsWith(prefix)) {
      const raw = Buffer.from(id.slice(prefix.length), 'base64url').toString();
      if (!raw) return undefined;
      return { kind, parts: raw.split(':') };
    }
  }
  return undefined;
}
