import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { createHash } from 'node:crypto';
import type { GitHubReposProviderConfig } from '../config';
import type { GitHubRepository } from '../github/GitHubClient';

/** Identifies which provider (and organisation) emitted an entity. */
export const INGESTED_BY_ANNOTATION = 'meridian.bank/ingested-by';

/** Catalog names: letters, digits and `-_.`, at most 63 characters. */
export function entityName(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/g, '');
  return cleaned || 'unnamed';
}

/** Tags: lowercase letters, digits and `-+#`, at most 63 characters. */
function tag(text: string): string | undefined {
  const cleaned = text
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return cleaned || undefined;
}

function groupRef(name: string): string {
  return stringifyEntityRef(
    parseEntityRef(name, { defaultKind: 'group', defaultNamespace: 'default' }),
  );
}

/** The first owner a CODEOWNERS file gives for everything (`*`). */
function codeownersTeam(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  let team: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    if (pattern !== '*' && pattern !== '/**' && pattern !== '/') continue;
    // Later rules win in CODEOWNERS: keep the last catch-all.
    const owner = owners.find(o => /^@[^/]+\/.+/.test(o));
    if (owner) team = owner.split('/')[1];
  }
  return team;
}

/** The owning group of a repository, by the configured sources in order. */
export function repositoryOwner(
  repo: GitHubRepository,
  config: Pick<GitHubReposProviderConfig, 'owner'>,
): string {
  for (const source of config.owner.sources) {
    if ('topicPrefix' in source) {
      const topic = repo.repositoryTopics.nodes
        .map(n => n.topic.name)
        .find(t => t.startsWith(source.topicPrefix));
      if (topic) return groupRef(topic);
    } else if ('customProperty' in source) {
      const value = repo.repositoryCustomPropertyValues?.nodes.find(
        n => n.propertyName === source.customProperty,
      )?.value;
      const first = Array.isArray(value) ? value[0] : value;
      if (first) return groupRef(first);
    } else {
      const team = codeownersTeam(
        repo.githubCodeowners?.text ?? repo.codeowners?.text,
      );
      if (team) {
        return groupRef(
          config.owner.teams[team.toLocaleLowerCase('en-US')] ?? team,
        );
      }
    }
  }
  return groupRef(config.owner.fallback);
}

/**
 * What a repository becomes in the catalog: its own catalog-info.yaml (as a
 * Location the catalog then reads), or a Component described from GitHub.
 */
export function repositoryEntity(
  repo: GitHubRepository,
  config: GitHubReposProviderConfig,
  providerName: string,
): Entity {
  const branch = repo.defaultBranchRef?.name ?? 'main';
  const treeUrl = `${repo.url}/tree/${branch}/`;
  if (repo.catalogInfo) {
    const target = `${repo.url}/blob/${branch}/catalog-info.yaml`;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: {
        name: `github-${createHash('sha1')
          .update(target)
          .digest('hex')
          .slice(0, 16)}`,
        annotations: {
          [ANNOTATION_LOCATION]: `url:${target}`,
          [ANNOTATION_ORIGIN_LOCATION]: `url:${target}`,
          [INGESTED_BY_ANNOTATION]: providerName,
        },
      },
      spec: { type: 'url', target },
    };
  }
  const topics = repo.repositoryTopics.nodes.map(n => n.topic.name);
  const typeTopic = topics.find(t => t.startsWith(config.typeTopicPrefix));
  const tags = [
    ...topics.map(tag),
    repo.primaryLanguage ? tag(repo.primaryLanguage.name) : undefined,
  ].filter((t): t is string => Boolean(t));
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: entityName(repo.name),
      title: repo.name,
      ...(repo.description ? { description: repo.description } : {}),
      tags: [...new Set(tags)],
      annotations: {
        'github.com/project-slug': repo.nameWithOwner,
        [ANNOTATION_SOURCE_LOCATION]: `url:${treeUrl}`,
        [ANNOTATION_LOCATION]: `url:${treeUrl}`,
        [ANNOTATION_ORIGIN_LOCATION]: `url:${treeUrl}`,
        [INGESTED_BY_ANNOTATION]: providerName,
        ...(repo.pushedAt ? { 'meridian.bank/last-push': repo.pushedAt } : {}),
      },
      links: [{ url: repo.url, title: 'Repository', icon: 'github' }],
    },
    spec: {
      type: typeTopic
        ? typeTopic.slice(config.typeTopicPrefix.length) || config.defaultType
        : config.defaultType,
      lifecycle: repo.isArchived ? 'deprecated' : config.lifecycle,
      owner: repositoryOwner(repo, config),
    },
  };
}
