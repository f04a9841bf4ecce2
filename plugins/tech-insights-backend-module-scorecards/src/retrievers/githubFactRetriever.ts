import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  GitHubClient,
  graphqlUrlFor,
} from '@internal/backstage-plugin-catalog-backend-module-github-repos';
import { Entity } from '@backstage/catalog-model';
import { componentFilter, factEntity, readEntities } from './catalogEntities';
import { GITHUB_RETRIEVER_ID, GITHUB_SCHEMA } from './schemas';

const SLUG_ANNOTATION = 'github.com/project-slug';
/** Repositories per GraphQL request (aliases), like the pull requests card. */
const BATCH = 25;

// Disjoint classes, each taken whole: no backtracking.
const PACKAGE_MANAGERS = new Set(['yarn', 'npm', 'pnpm']);
const BUILD_TOOLS = new Set(['mvn', 'mvnw', 'gradle', 'gradlew']);
const BUILD_GOALS = new Set(['test', 'verify', 'check']);
const TEST_RUNNERS = new Set(['go', 'dotnet', 'cargo', 'make']);
const WHITESPACE = /\s/;

const isWordChar = (code: number) =>
  (code >= 48 && code <= 57) ||
  (code >= 65 && code <= 90) ||
  (code >= 97 && code <= 122) ||
  code === 95;

/** A word (lower-cased), a run of whitespace, or one other character. */
type Token = { kind: 'word'; text: string } | { kind: 'space' | 'other' };

/**
 * Whether a workflow line runs tests: `yarn|npm|pnpm [run] test`,
 * `mvn|mvnw|gradle|gradlew … test|verify|check`, `go|dotnet|cargo|make test`
 * or `pytest`, as whole words, case-insensitively. Read as tokens (words of
 * [A-Za-z0-9_], runs of whitespace, single other characters) in one pass
 * that keeps only the last five: workflow files are repository content, the
 * single regex this replaces (`\bmvn\b[^\n]*\btest\b|...`) was quadratic
 * on long lines, and an array of every token made long lines of punctuation
 * costly for the garbage collector.
 */
export function runsTestCommand(line: string): boolean {
  // recent[0] is the token just read, recent[4] the one four before it.
  const recent: Array<Token | undefined> = [];
  const word = (back: number) => {
    const token = recent[back];
    return token?.kind === 'word' ? token.text : '';
  };
  const space = (back: number) => recent[back]?.kind === 'space';
  let afterBuildTool = false;
  let i = 0;
  while (i < line.length) {
    let token: Token;
    if (isWordChar(line.charCodeAt(i))) {
      const from = i;
      while (i < line.length && isWordChar(line.charCodeAt(i))) i++;
      token = { kind: 'word', text: line.slice(from, i).toLowerCase() };
    } else if (WHITESPACE.test(line[i])) {
      while (i < line.length && WHITESPACE.test(line[i])) i++;
      token = { kind: 'space' };
    } else {
      i++;
      token = { kind: 'other' };
    }
    recent.unshift(token);
    if (recent.length > 5) recent.pop();
    if (token.kind !== 'word') continue;
    const text = token.text;
    if (afterBuildTool && BUILD_GOALS.has(text)) return true;
    if (BUILD_TOOLS.has(text)) afterBuildTool = true;
    if (text === 'pytest') return true;
    if (text === 'test' && space(1)) {
      if (PACKAGE_MANAGERS.has(word(2)) || TEST_RUNNERS.has(word(2))) {
        return true;
      }
      if (word(2) === 'run' && space(3) && PACKAGE_MANAGERS.has(word(4))) {
        return true;
      }
    }
  }
  return false;
}

const COVERAGE = /coverage|codecov|jacoco|--cov\b|coveralls|kover/i;
const STATIC_ANALYSIS =
  /\blint\b|eslint|codeql|sonar|ktlint|detekt|golangci|ruff|flake8|pylint|checkstyle|spotbugs|semgrep|spotless/i;

const REPO_FIELDS = `
  pushedAt
  readme: object(expression: "HEAD:README.md") { __typename }
  readmePlain: object(expression: "HEAD:README") { __typename }
  codeownersGithub: object(expression: "HEAD:.github/CODEOWNERS") { __typename }
  codeownersRoot: object(expression: "HEAD:CODEOWNERS") { __typename }
  codeownersDocs: object(expression: "HEAD:docs/CODEOWNERS") { __typename }
  workflows: object(expression: "HEAD:.github/workflows") {
    ... on Tree { entries { name object { ... on Blob { text } } } }
  }
  dependabot: object(expression: "HEAD:.github/dependabot.yml") { __typename }
  renovate: object(expression: "HEAD:renovate.json") { __typename }
  defaultBranchRef {
    branchProtectionRule { requiresApprovingReviews requiredApprovingReviewCount }
    target { ... on Commit { statusCheckRollup { state } } }
  }
`;

type RepoFacts = {
  pushedAt: string | null;
  readme: object | null;
  readmePlain: object | null;
  codeownersGithub: object | null;
  codeownersRoot: object | null;
  codeownersDocs: object | null;
  workflows: {
    entries?: Array<{ name: string; object: { text?: string | null } | null }>;
  } | null;
  dependabot: object | null;
  renovate: object | null;
  defaultBranchRef: {
    branchProtectionRule: {
      requiresApprovingReviews: boolean;
      requiredApprovingReviewCount: number | null;
    } | null;
    target: { statusCheckRollup?: { state: string } | null } | null;
  } | null;
};

export function factsOfRepository(
  repo: RepoFacts | null,
  now: Date,
): Record<string, boolean | number> {
  if (!repo) return { repositoryFound: false };
  const workflows = (repo.workflows?.entries ?? []).filter(e =>
    /\.ya?ml$/i.test(e.name),
  );
  const texts = workflows.map(w => w.object?.text ?? '');
  const runLines = texts.flatMap(text =>
    text
      .split('\n')
      .filter(line => /^\s*(-\s*)?run:/.test(line) || /^\s{6,}\S/.test(line)),
  );
  const protection = repo.defaultBranchRef?.branchProtectionRule;
  const state = repo.defaultBranchRef?.target?.statusCheckRollup?.state;
  const pushedAt = repo.pushedAt ? new Date(repo.pushedAt) : undefined;
  return {
    repositoryFound: true,
    hasReadme: Boolean(repo.readme || repo.readmePlain),
    hasCodeowners: Boolean(
      repo.codeownersGithub || repo.codeownersRoot || repo.codeownersDocs,
    ),
    hasCiWorkflow: workflows.length > 0,
    ciRunsTests: runLines.some(runsTestCommand),
    ciReportsCoverage: texts.some(text => COVERAGE.test(text)),
    ciRunsStaticAnalysis: texts.some(text => STATIC_ANALYSIS.test(text)),
    ciPassing: state === 'SUCCESS',
    hasBranchProtection: Boolean(protection),
    requiresReviews: Boolean(
      protection?.requiresApprovingReviews &&
        (protection.requiredApprovingReviewCount ?? 0) >= 1,
    ),
    hasDependencyUpdates: Boolean(repo.dependabot || repo.renovate),
    ...(pushedAt
      ? {
          daysSinceLastPush: Math.max(
            0,
            Math.floor((now.getTime() - pushedAt.getTime()) / 86_400_000),
          ),
        }
      : {}),
  };
}

function slugOf(entity: Entity): [string, string] | undefined {
  const slug = entity.metadata.annotations?.[SLUG_ANNOTATION];
  const match = slug ? /^([^/\s]+)\/([^/\s]+)$/.exec(slug.trim()) : null;
  return match ? [match[1], match[2]] : undefined;
}

/** The GitHub host repositories are read from: configured, or the first integration. */
function githubHost(config: Config): string {
  return (
    config.getOptionalString('techInsights.scorecards.githubHost') ??
    ScmIntegrations.fromConfig(config).github.list()[0]?.config.host ??
    'github.com'
  );
}

async function clientFor(
  config: Config,
  logger: LoggerService,
  owner: string,
): Promise<GitHubClient> {
  const host = githubHost(config);
  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byHost(host);
  if (!integration) {
    throw new Error(`no integrations.github entry for host '${host}'`);
  }
  const { token } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url: `https://${host}/${owner}` });
  return new GitHubClient({
    graphqlUrl: graphqlUrlFor(
      integration.config.apiBaseUrl ?? 'https://api.github.com',
    ),
    token,
    logger,
    // A scheduled run waits out a spent rate limit; keep the wait within
    // the retriever's timeout.
    maxRateLimitWaitMs: 10 * 60_000,
  });
}

/**
 * README, CODEOWNERS, CI workflows (tests, coverage, static analysis) and
 * their status on the default branch, branch protection, dependency
 * updates and the last push, for components with github.com/project-slug.
 * One GraphQL request per 25 repositories.
 */
export function createGithubFactRetriever(options: {
  catalog: CatalogService;
}): FactRetriever {
  const { catalog } = options;
  return {
    id: GITHUB_RETRIEVER_ID,
    version: '1.0.0',
    title: 'GitHub repository',
    description: "Practices visible in a component's GitHub repository",
    entityFilter: [{ kind: 'component' }],
    schema: GITHUB_SCHEMA,
    async handler({ auth, config, logger, entityFilter }) {
      const components = (
        await readEntities({
          catalog,
          auth,
          filter: componentFilter(entityFilter),
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
          ],
        })
      ).filter(c => slugOf(c));
      const facts: TechInsightFact[] = [];
      const clients = new Map<string, Promise<GitHubClient>>();
      const now = new Date();
      for (let i = 0; i < components.length; i += BATCH) {
        const batch = components.slice(i, i + BATCH);
        const variables: Record<string, string> = {};
        const declarations: string[] = [];
        const selections = batch.map((component, j) => {
          const [owner, name] = slugOf(component)!;
          variables[`o${j}`] = owner;
          variables[`n${j}`] = name;
          declarations.push(`$o${j}: String!`, `$n${j}: String!`);
          return `r${j}: repository(owner: $o${j}, name: $n${j}) { ${REPO_FIELDS} }`;
        });
        const owner = variables.o0;
        if (!clients.has(owner))
          clients.set(owner, clientFor(config, logger, owner));
        const client = await clients.get(owner)!;
        const data = await client.query<Record<string, RepoFacts | null>>(
          `query RepositoryFacts(${declarations.join(
            ', ',
          )}) { ${selections.join('\n')} }`,
          variables,
        );
        batch.forEach((component, j) => {
          facts.push({
            entity: factEntity(component),
            facts: factsOfRepository(data?.[`r${j}`] ?? null, now),
          });
        });
      }
      return facts;
    },
  };
}
