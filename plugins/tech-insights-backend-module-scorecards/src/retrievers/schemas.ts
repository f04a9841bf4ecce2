import { FactSchema } from '@backstage-community/plugin-tech-insights-common';

/** Catalog hygiene and TechDocs, read from the catalog. */
export const CATALOG_RETRIEVER_ID = 'meridian-catalog';
/** Repository facts read from GitHub. */
export const GITHUB_RETRIEVER_ID = 'meridian-github';
/** Unresolved dead letters, read from the dead-letter plugin. */
export const DEAD_LETTERS_RETRIEVER_ID = 'meridian-dead-letters';

export const CATALOG_SCHEMA: FactSchema = {
  hasOwner: { type: 'boolean', description: 'spec.owner is set' },
  ownerIsSquad: {
    type: 'boolean',
    description: 'The owner is a Group of spec.type squad in the catalog',
  },
  hasDescription: {
    type: 'boolean',
    description: 'metadata.description has at least 20 characters',
  },
  hasSystem: {
    type: 'boolean',
    description: 'spec.system names a System in the catalog',
  },
  hasLifecycle: {
    type: 'boolean',
    description:
      'spec.lifecycle is one of experimental, development, production, deprecated',
  },
  domainHasTier: {
    type: 'boolean',
    description: "The system's Domain declares spec.tier 1, 2 or 3",
  },
  apisHaveDefinitions: {
    type: 'boolean',
    description:
      'Every API in spec.providesApis exists and has a definition (true when none is provided)',
  },
  providedApis: {
    type: 'integer',
    description: 'How many APIs spec.providesApis lists',
  },
  hasTechDocs: {
    type: 'boolean',
    description: 'The backstage.io/techdocs-ref annotation is set',
  },
};

export const GITHUB_SCHEMA: FactSchema = {
  repositoryFound: {
    type: 'boolean',
    description: 'The github.com/project-slug repository exists',
  },
  hasReadme: { type: 'boolean', description: 'A README at the root' },
  hasCodeowners: {
    type: 'boolean',
    description: 'CODEOWNERS in .github/, the root or docs/',
  },
  hasCiWorkflow: {
    type: 'boolean',
    description: 'At least one workflow in .github/workflows',
  },
  ciRunsTests: {
    type: 'boolean',
    description: 'A workflow runs the tests (a test command in a run step)',
  },
  ciReportsCoverage: {
    type: 'boolean',
    description: 'A workflow measures coverage (coverage, codecov, jacoco...)',
  },
  ciRunsStaticAnalysis: {
    type: 'boolean',
    description: 'A workflow runs static analysis (lint, CodeQL, Sonar...)',
  },
  ciPassing: {
    type: 'boolean',
    description: "The default branch head's combined CI status is success",
  },
  hasBranchProtection: {
    type: 'boolean',
    description: 'The default branch is protected',
  },
  requiresReviews: {
    type: 'boolean',
    description: 'Protection requires at least one approving review',
  },
  hasDependencyUpdates: {
    type: 'boolean',
    description: 'Dependabot (.github/dependabot.yml) or Renovate configured',
  },
  daysSinceLastPush: {
    type: 'integer',
    description: 'Whole days since the last push to the repository',
  },
};

export const DEAD_LETTERS_SCHEMA: FactSchema = {
  unresolvedDeadLetters: {
    type: 'integer',
    description: "Unresolved dead letters of the component's queues",
  },
  oldestDeadLetterHours: {
    type: 'integer',
    description:
      'Age in hours of the oldest unresolved dead letter (0 when none)',
  },
};

export const FACT_SCHEMAS: Record<string, FactSchema> = {
  [CATALOG_RETRIEVER_ID]: CATALOG_SCHEMA,
  [GITHUB_RETRIEVER_ID]: GITHUB_SCHEMA,
  [DEAD_LETTERS_RETRIEVER_ID]: DEAD_LETTERS_SCHEMA,
};

/** Which retriever provides each fact name. */
export const RETRIEVER_OF_FACT: Record<string, string> = Object.fromEntries(
  Object.entries(FACT_SCHEMAS).flatMap(([id, schema]) =>
    Object.keys(schema).map(fact => [fact, id]),
  ),
);
