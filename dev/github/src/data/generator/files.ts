import type { RepoCore } from '../model';
import { squadSlug, squadTitle } from './core';
import { ECOSYSTEM, sourceFiles, toolchain } from './languages';
import { BOTS } from './people';
import type { RepoTraits } from './traits';

/**
 * A repository's files, by path: README, CODEOWNERS, catalog-info.yaml, CI,
 * the dependency bot's configuration and a few source files, as its traits
 * say.
 */
export function generateFiles(
  org: string,
  core: RepoCore,
  t: RepoTraits,
): Map<string, string> {
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
  return files;
}
