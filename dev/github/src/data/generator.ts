import { mix, Rng, salt, unit } from '@internal/dev-kit';
import {
  COMPONENTS,
  DEPENDENCIES,
  DOMAINS,
  FIRST_NAMES,
  KINDS,
  LABELS,
  LANGUAGES,
  LAST_NAMES,
  PR_TITLES,
  RepoType,
  SQUADS,
} from './vocabulary';
import type {
  CommitState,
  ProtectionRecord,
  PullRecord,
  RepoCore,
  RepoRecord,
  ReviewRecord,
  ReviewState,
  TeamRecord,
  UserRecord,
  Visibility,
} from './model';

/*
 * Generated time is anchored to fixed instants rather than the wall clock so
 * that the same seed gives byte-identical responses on any day.
 */
export const GENERATED_NOW = Date.UTC(2025, 5, 30, 12, 0, 0);
const FIRST_CREATED = Date.UTC(2016, 0, 4, 9, 0, 0);
// Repositories are created in index order, one every ~27 minutes, so that
// "sort by created" is index order and needs no materialised sort.
const CREATED_STEP_MS = 27 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

export const REPO_ID_BASE = 500_000_000;
export const USER_COUNT = 320;
export const ORG_ID = 91_000_001;
export const ORG_CREATED = Date.UTC(2014, 2, 11, 10, 0, 0);

/** Review ids must be unique across the org and stable under overlays. */
export function reviewId(
  repoIndex: number,
  pullNumber: number,
  ordinal: number,
): number {
  return 3_000_000_000 + (repoIndex * 100_000 + pullNumber) * 100 + ordinal;
}

export function pullId(repoIndex: number, pullNumber: number): number {
  return 1_000_000_000 + repoIndex * 100_000 + pullNumber;
}

export function squadSlug(squad: number): string {
  return `squad-${SQUADS[squad]}`;
}

export function squadTitle(squad: number): string {
  const s = SQUADS[squad];
  return `Squad ${s[0].toUpperCase()}${s.slice(1)}`;
}

/** Pads to 5 digits; more digits once past 99,999, which keeps names unique. */
export function repoSuffix(index: number): string {
  return String(index).padStart(5, '0');
}

/** The inverse of the name scheme: the index a name claims to be, to be verified by regenerating it. */
export function indexFromName(name: string): number | undefined {
  const m = /-(\d{5,})$/.exec(name);
  if (!m) return undefined;
  const index = Number(m[1]);
  return Number.isSafeInteger(index) && repoSuffix(index) === m[1]
    ? index
    : undefined;
}

function weighted<T>(r: number, items: ReadonlyArray<[T, number]>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let x = r * total;
  for (const [item, w] of items) {
    if (x < w) return item;
    x -= w;
  }
  return items[items.length - 1][0];
}

const S = {
  type: salt('type'),
  domain: salt('domain'),
  component: salt('component'),
  hasComponent: salt('hasComponent'),
  kind: salt('kind'),
  squad: salt('squad'),
  squadHome: salt('squadHome'),
  language: salt('language'),
  archived: salt('archived'),
  visibility: salt('visibility'),
  created: salt('created'),
  pushed: salt('pushed'),
  updated: salt('updated'),
  pulls: salt('pulls'),
  content: salt('content'),
  users: salt('users'),
  ciState: salt('ciState'),
};

/**
 * The cheap part of a repository: ~15 hash draws, used to sort, filter and
 * count all repositories (and to find one by name) without generating files.
 */
export function generateRepoCore(seed: number, index: number): RepoCore {
  const u = (s: number) => unit(seed, index, s);
  const type = weighted<RepoType>(u(S.type), [
    ['service', 60],
    ['library', 25],
    ['website', 15],
  ]);
  const domain = Math.floor(u(S.domain) * DOMAINS.length);
  const component =
    u(S.hasComponent) < 0.6
      ? Math.floor(u(S.component) * COMPONENTS.length)
      : null;
  const kinds = KINDS[type];
  const kind = kinds[Math.floor(u(S.kind) * kinds.length)];
  const name = [
    DOMAINS[domain],
    component === null ? undefined : COMPONENTS[component],
    kind,
    repoSuffix(index),
  ]
    .filter(Boolean)
    .join('-');
  // Squads mostly own the repositories of "their" domain, as real teams do.
  const squad =
    u(S.squadHome) < 0.7
      ? domain % SQUADS.length
      : Math.floor(u(S.squad) * SQUADS.length);
  const language = weighted(u(S.language), LANGUAGES[type]);
  const archived = u(S.archived) < 0.03;
  const visibility = weighted<Visibility>(u(S.visibility), [
    ['private', 70],
    ['internal', 25],
    ['public', 5],
  ]);
  const createdAt =
    FIRST_CREATED +
    index * CREATED_STEP_MS +
    Math.floor(u(S.created) * (CREATED_STEP_MS - 60_000));
  const lifetime = Math.max(GENERATED_NOW - createdAt, DAY);
  const pushedAt = archived
    ? createdAt + Math.floor(u(S.pushed) * lifetime * 0.3)
    : Math.max(
        createdAt + 60_000,
        GENERATED_NOW - Math.floor(u(S.pushed) * Math.min(lifetime, 400 * DAY)),
      );
  const updatedAt = pushedAt + Math.floor(u(S.updated) * 3 * DAY);
  const pr = u(S.pulls);
  // ~30% of active repositories have 1-5 open pull requests.
  const pullCount = !archived && pr < 0.3 ? 1 + Math.floor((pr / 0.3) * 5) : 0;
  return {
    index,
    id: REPO_ID_BASE + index,
    name,
    type,
    domain,
    component,
    kind,
    squad,
    language,
    archived,
    visibility,
    createdAt,
    pushedAt,
    updatedAt: Math.min(updatedAt, Math.max(GENERATED_NOW, pushedAt)),
    pullCount,
  };
}

const userCache = new Map<number, UserRecord[]>();

export const BOTS: UserRecord[] = [
  {
    id: 29139614,
    login: 'renovate[bot]',
    name: 'renovate[bot]',
    email: '29139614+renovate[bot]@users.noreply.github.com',
    squad: null,
    type: 'Bot',
    createdAt: Date.UTC(2017, 6, 12, 7, 2, 21),
  },
  {
    id: 49699333,
    login: 'dependabot[bot]',
    name: 'dependabot[bot]',
    email: '49699333+dependabot[bot]@users.noreply.github.com',
    squad: null,
    type: 'Bot',
    createdAt: Date.UTC(2019, 3, 16, 22, 34, 25),
  },
];

/** The organisation's people: ~10 per squad, a few in none; plus the two bots. */
export function generateUsers(seed: number): UserRecord[] {
  const cached = userCache.get(seed);
  if (cached) return cached;
  const rng = new Rng(seed, S.users);
  const seen = new Set<string>();
  const users: UserRecord[] = [];
  for (let j = 0; j < USER_COUNT; j++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let login = `${first}-${last}`;
    for (let n = 2; seen.has(login); n++) login = `${first}-${last}${n}`;
    seen.add(login);
    const squadSpan = Math.floor((USER_COUNT * 0.95) / SQUADS.length);
    const squad = j < squadSpan * SQUADS.length ? j % SQUADS.length : null;
    users.push({
      id: 7_000_000 + j * 37,
      login,
      name: `${first[0].toUpperCase()}${first.slice(
        1,
      )} ${last[0].toUpperCase()}${last.slice(1)}`,
      email: `${first}.${last}@meridian.example`,
      squad,
      type: 'User',
      createdAt: Date.UTC(2014, 0, 1) + rng.int(0, 3000) * DAY,
    });
  }
  userCache.set(seed, users);
  return users;
}

export function generateTeams(): TeamRecord[] {
  return SQUADS.map((_, squad) => ({
    id: 4_100_000 + squad,
    slug: squadSlug(squad),
    name: squadTitle(squad),
    description: `${squadTitle(squad)}: owns the ${DOMAINS[squad]} domain`,
    squad,
    createdAt: ORG_CREATED + (squad + 1) * 17 * DAY,
  }));
}

const ECOSYSTEM: Record<string, string> = {
  Go: 'gomod',
  Java: 'maven',
  Kotlin: 'gradle',
  Python: 'pip',
  TypeScript: 'npm',
  JavaScript: 'npm',
  Swift: 'swift',
  Rust: 'cargo',
};

interface Toolchain {
  setup: string[];
  build: string;
  test: string;
  runsOn: string;
}

function toolchain(language: string): Toolchain {
  switch (language) {
    case 'Go':
      return {
        setup: [
          '      - uses: actions/setup-go@v5',
          '        with:',
          "          go-version: '1.22'",
        ],
        build: 'go build ./...',
        test: 'go test ./...',
        runsOn: 'ubuntu-latest',
      };
    case 'Python':
      return {
        setup: [
          '      - uses: actions/setup-python@v5',
          '        with:',
          "          python-version: '3.12'",
          "      - run: pip install -e '.[dev]'",
        ],
        build: 'python -m build',
        test: 'pytest',
        runsOn: 'ubuntu-latest',
      };
    case 'Java':
      return {
        setup: [
          '      - uses: actions/setup-java@v4',
          '        with:',
          '          distribution: temurin',
          "          java-version: '21'",
        ],
        build: './mvnw -B package -DskipTests',
        test: './mvnw -B test',
        runsOn: 'ubuntu-latest',
      };
    case 'Kotlin':
      return {
        setup: [
          '      - uses: actions/setup-java@v4',
          '        with:',
          '          distribution: temurin',
          "          java-version: '21'",
        ],
        build: './gradlew assemble',
        test: './gradlew test',
        runsOn: 'ubuntu-latest',
      };
    case 'Swift':
      return {
        setup: [],
        build: 'swift build',
        test: 'swift test',
        runsOn: 'macos-14',
      };
    case 'Rust':
      return {
        setup: ['      - uses: dtolnay/rust-toolchain@stable'],
        build: 'cargo build --locked',
        test: 'cargo test --locked',
        runsOn: 'ubuntu-latest',
      };
    default:
      return {
        setup: [
          '      - uses: actions/setup-node@v4',
          '        with:',
          '          node-version: 22',
          "          cache: 'yarn'",
          '      - run: yarn install --immutable',
        ],
        build: 'yarn build',
        test: 'yarn test',
        runsOn: 'ubuntu-latest',
      };
  }
}

function sourceFiles(
  core: RepoCore,
  withTests: boolean,
): Array<[string, string]> {
  const pkg = core.name.replace(/-\d+$/, '');
  const ident = pkg.replace(/-/g, '_');
  switch (core.language) {
    case 'Go':
      return [
        ['go.mod', `module github.com/meridian/${core.name}\n\ngo 1.22\n`],
        [
          'cmd/server/main.go',
          `package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("${pkg}")\n}\n`,
        ],
        ...(withTests
          ? ([
              [
                'cmd/server/main_test.go',
                'package main\n\nimport "testing"\n\nfunc TestMain(t *testing.T) {}\n',
              ],
            ] as Array<[string, string]>)
          : []),
      ];
    case 'Python':
      return [
        [
          'pyproject.toml',
          `[project]\nname = "${pkg}"\nversion = "1.0.0"\nrequires-python = ">=3.11"\n\n[project.optional-dependencies]\ndev = [${
            withTests ? '"pytest>=8"' : ''
          }]\n`,
        ],
        [`src/${ident}/__init__.py`, `"""${pkg}."""\n`],
        ...(withTests
          ? ([
              [
                'tests/test_smoke.py',
                `def test_import():\n    import ${ident}  # noqa: F401\n`,
              ],
            ] as Array<[string, string]>)
          : []),
      ];
    case 'Java':
      return [
        [
          'pom.xml',
          `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.meridian</groupId>\n  <artifactId>${pkg}</artifactId>\n  <version>1.0.0</version>\n</project>\n`,
        ],
        [
          'src/main/java/com/meridian/App.java',
          'package com.meridian;\n\npublic class App {\n  public static void main(String[] args) {}\n}\n',
        ],
        ...(withTests
          ? ([
              [
                'src/test/java/com/meridian/AppTest.java',
                'package com.meridian;\n\nclass AppTest {}\n',
              ],
            ] as Array<[string, string]>)
          : []),
      ];
    case 'Kotlin':
      return [
        [
          'build.gradle.kts',
          `plugins {\n    kotlin("jvm") version "2.0.0"\n}\n\ngroup = "com.meridian"\nversion = "1.0.0"\n`,
        ],
        ['src/main/kotlin/App.kt', 'fun main() {}\n'],
        ...(withTests
          ? ([['src/test/kotlin/AppTest.kt', 'class AppTest\n']] as Array<
              [string, string]
            >)
          : []),
      ];
    case 'Swift':
      return [
        [
          'Package.swift',
          `// swift-tools-version:5.9\nimport PackageDescription\n\nlet package = Package(name: "${pkg}")\n`,
        ],
        [`Sources/${ident}/${ident}.swift`, 'public struct Library {}\n'],
      ];
    case 'Rust':
      return [
        [
          'Cargo.toml',
          `[package]\nname = "${pkg}"\nversion = "1.0.0"\nedition = "2021"\n`,
        ],
        ['src/lib.rs', 'pub fn version() -> &\'static str {\n    "1.0.0"\n}\n'],
      ];
    default: {
      const ts = core.language === 'TypeScript';
      const scripts: Record<string, string> = { build: ts ? 'tsc' : 'webpack' };
      if (withTests) scripts.test = 'jest';
      return [
        [
          'package.json',
          `${JSON.stringify(
            {
              name: `@meridian/${pkg}`,
              version: '1.0.0',
              private: true,
              scripts,
            },
            null,
            2,
          )}\n`,
        ],
        [
          ts ? 'src/index.ts' : 'src/index.js',
          `export const name = '${pkg}';\n`,
        ],
        ...(withTests
          ? ([
              [
                ts ? 'src/index.test.ts' : 'src/index.test.js',
                "import { name } from './index';\n\ntest('name', () => expect(name).toBeTruthy());\n",
              ],
            ] as Array<[string, string]>)
          : []),
      ];
    }
  }
}

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

function squadMembers(users: UserRecord[], squad: number): UserRecord[] {
  return users.filter(u => u.squad === squad);
}

function generatePulls(
  seed: number,
  core: RepoCore,
  users: UserRecord[],
  bot: string | null,
  hasCodeowners: boolean,
  dependency: readonly string[],
): PullRecord[] {
  if (core.pullCount === 0) return [];
  const rng = new Rng(seed, core.index, S.pulls);
  const members = squadMembers(users, core.squad);
  const pulls: PullRecord[] = [];
  let number = rng.int(3, 300);
  for (let k = 0; k < core.pullCount; k++) {
    number += rng.int(1, 25);
    const template = rng.pick(PR_TITLES);
    const isBump = template.startsWith('Bump');
    const author = isBump && bot ? bot : rng.pick(members).login;
    const dep = rng.pick(dependency);
    const from = `${rng.int(1, 5)}.${rng.int(0, 20)}.${rng.int(0, 9)}`;
    const to = from.replace(/\.(\d+)$/, (_, p: string) => `.${Number(p) + 1}`);
    const component =
      core.component === null ? 'core' : COMPONENTS[core.component];
    const title = template
      .replace('{component}', component)
      .replace('{domain}', DOMAINS[core.domain])
      .replace('{dependency}', dep)
      .replace('{from}', from)
      .replace('{to}', to);
    const labels = isBump
      ? ['dependencies']
      : rng
          .sample(
            LABELS.filter(l => l.name !== 'dependencies'),
            rng.int(0, 2),
          )
          .map(l => l.name);
    const createdAt = GENERATED_NOW - rng.int(1, 90 * 24) * 3_600_000;
    const draft = !isBump && rng.chance(0.12);
    const others = members.filter(m => m.login !== author);
    const reviewers = rng.sample(others, Math.min(others.length, 3));
    const scenario = draft ? 0 : rng.next();
    const reviews: ReviewRecord[] = [];
    const headSha = rng.hex(40);
    let t = createdAt;
    const prNumber = number;
    const review = (login: string, state: ReviewState) => {
      t += rng.int(10, 600) * 60_000;
      let body = 'A couple of questions inline.';
      if (state === 'APPROVED') body = rng.pick(['LGTM', 'Looks good', '']);
      else if (state === 'CHANGES_REQUESTED')
        body = 'Please add a test for this.';
      reviews.push({
        id: reviewId(core.index, prNumber, reviews.length),
        author: login,
        state,
        body,
        submittedAt: Math.min(t, GENERATED_NOW),
        commitId: headSha,
      });
    };
    // Scenario mix: ~30% no review, ~30% approved, ~15% changes requested,
    // ~15% only comments, ~10% approved then changes requested.
    if (reviewers.length > 0) {
      if (scenario >= 0.3 && scenario < 0.6) {
        review(reviewers[0].login, 'APPROVED');
        if (reviewers[1] && rng.chance(0.5))
          review(reviewers[1].login, 'APPROVED');
      } else if (scenario >= 0.6 && scenario < 0.75) {
        review(reviewers[0].login, 'CHANGES_REQUESTED');
      } else if (scenario >= 0.75 && scenario < 0.9) {
        review(reviewers[0].login, 'COMMENTED');
      } else if (scenario >= 0.9 && reviewers[1]) {
        review(reviewers[0].login, 'APPROVED');
        review(reviewers[1].login, 'CHANGES_REQUESTED');
      }
    }
    const reviewed = new Set(reviews.map(r => r.author));
    // GitHub drops a person from "requested" once they submit a review.
    const requestedReviewers = reviewers
      .filter(r => !reviewed.has(r.login))
      .slice(0, rng.int(0, 2))
      .map(r => r.login);
    const approved = reviews.some(r => r.state === 'APPROVED');
    const requestedTeams =
      hasCodeowners && !approved && !draft ? [squadSlug(core.squad)] : [];
    const updatedAt = Math.min(
      GENERATED_NOW,
      Math.max(t, createdAt + rng.int(1, 72) * 3_600_000),
    );
    const slug = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
    pulls.push({
      number,
      title,
      body: isBump
        ? `Bumps ${dep} from ${from} to ${to}.`
        : `## What\n\n${title}.\n\n## Why\n\nPart of ongoing ${
            DOMAINS[core.domain]
          } work.\n`,
      author,
      labels,
      draft,
      createdAt,
      updatedAt,
      headRef: isBump
        ? `${bot === BOTS[1].login ? 'dependabot' : 'renovate'}/${dep
            .replace(/[^a-z0-9]+/gi, '-')
            .toLowerCase()}-${to}`
        : `feature/${slug}`,
      headSha,
      requestedReviewers,
      requestedTeams,
      reviews,
      state: 'open',
      closedAt: null,
      mergedAt: null,
      additions: rng.int(1, 400),
      deletions: rng.int(0, 200),
      changedFiles: rng.int(1, 20),
      commits: rng.int(1, 8),
    });
  }
  return pulls;
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

export function generateRepoPulls(
  seed: number,
  core: RepoCore,
  traits: RepoTraits,
): PullRecord[] {
  return generatePulls(
    seed,
    core,
    generateUsers(seed),
    traits.bot,
    traits.hasCodeowners,
    DEPENDENCIES[core.language] ?? ['shared-lib'],
  );
}

/** GitHub runs workflows from `.github/workflows/*.yml|yaml` only. */
export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

/**
 * The outcome of CI on the default branch's head (~85% SUCCESS), which the
 * head commit reports while the repository has a workflow file. A draw of its
 * own (seed, index, salt): no other generated value moves because of it.
 */
export function generateCiState(seed: number, index: number): CommitState {
  return unit(seed, index, S.ciState) < 0.85 ? 'SUCCESS' : 'FAILURE';
}

/** A whole repository: metadata, files, protection and pull requests. */
export function generateRepo(
  seed: number,
  org: string,
  core: RepoCore,
): RepoRecord {
  const t = generateTraits(seed, core);
  const users = generateUsers(seed);
  const slug = squadSlug(core.squad);
  const files = new Map<string, string>();
  if (t.hasReadme) {
    files.set(
      'README.md',
      `# ${core.name}\n\n${
        t.description ?? ''
      }\n\n## Getting started\n\nSee the [runbook](docs/runbook.md) and ask in #${slug} on Slack.\n`,
    );
  }
  if (t.hasCodeowners) {
    const lines = [`# Owned by ${squadTitle(core.squad)}`, `* @${org}/${slug}`];
    if (t.extraCodeowner !== null && t.extraCodeowner !== core.squad) {
      lines.push(`/docs/ @${org}/${squadSlug(t.extraCodeowner)}`);
    }
    files.set('.github/CODEOWNERS', `${lines.join('\n')}\n`);
  }
  if (t.hasCatalogInfo) {
    files.set(
      'catalog-info.yaml',
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${core.name}`,
        ...(t.description
          ? [`  description: ${JSON.stringify(t.description)}`]
          : []),
        '  annotations:',
        `    github.com/project-slug: ${org}/${core.name}`,
        '  tags:',
        `    - ${core.language.toLowerCase()}`,
        'spec:',
        `  type: ${core.type}`,
        `  lifecycle: ${t.lifecycle}`,
        `  owner: ${slug}`,
        '',
      ].join('\n'),
    );
  }
  if (t.hasCi) {
    const tc = toolchain(core.language);
    files.set(
      '.github/workflows/ci.yml',
      [
        'name: CI',
        'on:',
        '  push:',
        `    branches: [${t.defaultBranch}]`,
        '  pull_request:',
        'jobs:',
        '  build:',
        `    runs-on: ${tc.runsOn}`,
        '    steps:',
        '      - uses: actions/checkout@v4',
        ...tc.setup,
        `      - run: ${tc.build}`,
        ...(t.ciRunsTests ? [`      - run: ${tc.test}`] : []),
        '',
      ].join('\n'),
    );
  }
  if (t.bot === BOTS[0].login) {
    files.set(
      'renovate.json',
      `${JSON.stringify(
        {
          $schema: 'https://docs.renovatebot.com/renovate-schema.json',
          extends: ['config:recommended'],
        },
        null,
        2,
      )}\n`,
    );
  } else if (t.bot === BOTS[1].login) {
    files.set(
      '.github/dependabot.yml',
      [
        'version: 2',
        'updates:',
        `  - package-ecosystem: ${ECOSYSTEM[core.language]}`,
        '    directory: /',
        '    schedule:',
        '      interval: weekly',
        '',
      ].join('\n'),
    );
  }
  for (const [path, content] of sourceFiles(core, t.ciRunsTests)) {
    files.set(path, content);
  }
  files.set('.gitignore', 'node_modules/\ndist/\n*.log\n.env\n');

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
