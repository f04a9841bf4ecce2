import { Rng } from '@internal/dev-kit';
import { COMPONENTS, DOMAINS, RepoType, SQUADS } from '../vocabulary';
import type { ProtectionRecord, RepoCore } from '../model';
import { squadSlug } from './core';
import { S, weighted } from './draws';
import { BOTS } from './people';

function titleCase(s: string): string {
  return s.replace(
    /(^|-)([a-z])/g,
    (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase(),
  );
}

function describe(core: RepoCore, rng: Rng): string | null {
  if (rng.chance(0.05)) return null;
  const domain = titleCase(DOMAINS[core.domain]);
  const component =
    core.component === null ? 'core' : COMPONENTS[core.component];
  const templates: Record<RepoType, string[]> = {
    service: [
      `${domain} ${component} ${core.kind}`,
      `REST API for ${domain.toLowerCase()} ${component}s`,
      `Processes ${domain.toLowerCase()} ${component} events`,
      `${domain} ${component} backend, deployed to the shared cluster`,
    ],
    library: [
      `Shared ${
        core.language
      } library for ${domain.toLowerCase()} ${component}`,
      `${domain} ${component} client ${core.kind}`,
      `Common ${domain.toLowerCase()} models and helpers`,
    ],
    website: [
      `Customer-facing ${domain.toLowerCase()} web app`,
      `Internal ${domain.toLowerCase()} ${component} console`,
      `${domain} documentation site`,
    ],
  };
  return rng.pick(templates[core.type]);
}

function generateProtection(
  rng: Rng,
  hasCi: boolean,
  hasCodeowners: boolean,
): ProtectionRecord | null {
  if (!rng.chance(0.6)) return null;
  let requiredApprovingReviewCount: number | null = null;
  if (rng.chance(0.9)) requiredApprovingReviewCount = rng.chance(0.7) ? 1 : 2;
  const dismissStaleReviews = rng.chance(0.5);
  const requireCodeOwnerReviews = hasCodeowners && rng.chance(0.5);
  let requiredStatusChecks: string[] | null = null;
  if (hasCi && rng.chance(0.6)) requiredStatusChecks = ['build'];
  else if (rng.chance(0.1)) requiredStatusChecks = [];
  return {
    requiredApprovingReviewCount,
    dismissStaleReviews,
    requireCodeOwnerReviews,
    requiredStatusChecks,
    strictStatusChecks: rng.chance(0.4),
    enforceAdmins: rng.chance(0.3),
    requiredLinearHistory: rng.chance(0.2),
    allowForcePushes: false,
    allowDeletions: false,
    requiredConversationResolution: rng.chance(0.3),
  };
}

/**
 * Every random choice about a repository except its file contents, drawn in a
 * fixed order so that the cheap path (search over pull requests) and the full
 * path (serving the repository) agree.
 */
export interface RepoTraits {
  description: string | null;
  squadProperty: boolean;
  topics: string[];
  defaultBranch: string;
  hasReadme: boolean;
  hasCodeowners: boolean;
  hasCatalogInfo: boolean;
  hasCi: boolean;
  ciRunsTests: boolean;
  bot: string | null;
  lifecycle: string;
  extraCodeowner: number | null;
  protection: ProtectionRecord | null;
  sizeKb: number;
  stargazers: number;
  forks: number;
  openIssues: number;
  commitMessage: string;
  parentSha: string;
}

export function generateTraits(seed: number, core: RepoCore): RepoTraits {
  const rng = new Rng(seed, core.index, S.content);
  const description = describe(core, rng);
  const squadProperty = rng.chance(0.8);
  const topics = new Set<string>();
  if (rng.chance(0.85)) topics.add(squadSlug(core.squad));
  if (rng.chance(0.9)) topics.add(`type-${core.type}`);
  if (rng.chance(0.8)) topics.add(core.language.toLowerCase());
  if (rng.chance(0.6)) topics.add(DOMAINS[core.domain]);
  if (rng.chance(0.1)) topics.add('pci');
  const defaultBranch = rng.chance(core.index < 2000 ? 0.3 : 0.04)
    ? 'master'
    : 'main';
  const hasReadme = rng.chance(0.92);
  const hasCodeowners = rng.chance(0.7);
  const hasCatalogInfo = rng.chance(0.1);
  const hasCi = rng.chance(0.8);
  const ciRunsTests = rng.chance(0.5);
  const depsTool = rng.next();
  const lifecycle = core.archived
    ? 'deprecated'
    : weighted(rng.next(), [
        ['production', 60],
        ['experimental', 25],
        ['deprecated', 5],
        ['development', 10],
      ] as Array<[string, number]>);
  const extraCodeowner = rng.chance(0.1) ? rng.int(0, SQUADS.length - 1) : null;
  let bot: string | null = null;
  if (depsTool < 0.3) bot = BOTS[0].login;
  else if (depsTool < 0.5) bot = BOTS[1].login;
  const protection = generateProtection(rng, hasCi, hasCodeowners);
  return {
    description,
    squadProperty,
    topics: [...topics].sort(),
    defaultBranch,
    hasReadme,
    hasCodeowners,
    hasCatalogInfo,
    hasCi,
    ciRunsTests,
    bot,
    lifecycle,
    extraCodeowner,
    protection,
    sizeKb: rng.int(40, 90_000),
    stargazers: rng.int(0, 40),
    forks: rng.int(0, 6),
    openIssues: rng.int(0, 12),
    commitMessage: rng.pick([
      'Merge pull request from feature branch',
      'Update dependencies',
      'Fix tests',
      'Improve logging',
      'Initial commit',
    ]),
    parentSha: rng.hex(40),
  };
}
