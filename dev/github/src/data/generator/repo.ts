import { mix } from '@internal/dev-kit';
import type { RepoCore, RepoRecord } from '../model';
import { generateFiles } from './files';
import { generateUsers, squadMembers } from './people';
import { generateRepoPulls } from './pulls';
import { generateTraits } from './traits';

/** A whole repository: metadata, files, protection and pull requests. */
export function generateRepo(
  seed: number,
  org: string,
  core: RepoCore,
): RepoRecord {
  const t = generateTraits(seed, core);
  const users = generateUsers(seed);
  const files = generateFiles(org, core, t);
  const pulls = generateRepoPulls(seed, core, t);
  const members = squadMembers(users, core.squad);
  const commitAuthor = members.length
    ? members[mix(seed, core.index, 7) % members.length].login
    : users[0].login;

  return {
    ...core,
    description: t.description,
    squadProperty: t.squadProperty,
    topics: t.topics,
    defaultBranch: t.defaultBranch,
    homepage:
      core.type === 'website' && core.visibility !== 'private'
        ? `https://${core.name.replace(/-\d+$/, '')}.meridian.example`
        : null,
    sizeKb: t.sizeKb,
    stargazers: t.stargazers,
    forks: t.forks,
    openIssues: t.openIssues + pulls.length,
    files,
    protection: t.protection,
    pulls,
    commit: {
      message: t.commitMessage,
      author: commitAuthor,
      date: core.pushedAt,
      parentSha: t.parentSha,
    },
  };
}
