import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { Entity } from '@backstage/catalog-model';
import { parseQueueAnnotation } from '@internal/backstage-plugin-queue-registry-common';
import { checkQueueAnnotation } from '../modules/catalogConventions';
import {
  DryRunResponse,
  dryRunInputsOf,
  filesOf,
  githubHost,
  githubOrg,
  readTemplate,
  squad,
  startScaffolder,
  system,
  templateIds,
  templatesDir,
} from './__testUtils__/dryRun';

jest.setTimeout(60_000);

const QUEUE_ANNOTATION = 'meridian.bank/rabbitmq-queues';
const MATURITIES = ['golden-path', 'recommended', 'experimental'];

/** Every file each template generates, besides the ones all of them do. */
const COMMON_FILES = [
  '.github/CODEOWNERS',
  '.github/dependabot.yml',
  '.github/workflows/ci.yml',
  '.gitignore',
  'README.md',
  'catalog-info.yaml',
  'docs/index.md',
  'mkdocs.yml',
];

type Expectation = {
  type: string;
  language: string;
  componentType: string;
  topics: string[];
  files: string[];
  /** Words the CI workflow must contain: tests, static analysis, coverage. */
  ci: string[];
  check?: (files: Record<string, string>) => void;
};

const GO_FILES = ['.golangci.yml', 'go.mod'];
const GO_CI = ['go test', 'golangci-lint', '-coverprofile'];
const goModulePath = `${githubHost}/${githubOrg}/payments-router`;
const goModule = (files: Record<string, string>) =>
  expect(files['go.mod']).toMatch(new RegExp(`^module ${goModulePath}\n`));

const values = {
  name: 'payments-router',
  description: 'Routes payment instructions to the right clearing scheme.',
  owner: 'group:default/squad-aura',
  system: 'system:default/payments-core',
  repoUrl: `${githubHost}?owner=${githubOrg}&repo=payments-router`,
};

const expectations: Record<string, Expectation> = {
  'go-service': {
    type: 'service',
    language: 'go',
    componentType: 'service',
    topics: ['go', 'service'],
    files: [
      ...GO_FILES,
      'docs/operations.md',
      'internal/server/server.go',
      'internal/server/server_test.go',
      'main.go',
    ],
    ci: GO_CI,
    check: files => {
      goModule(files);
      expect(files['main.go']).toContain(`"${goModulePath}/internal/server"`);
      expect(files['internal/server/server.go']).toContain(
        '"service": "payments-router"',
      );
    },
  },
  'go-cli': {
    type: 'cli',
    language: 'go',
    componentType: 'cli',
    topics: ['go', 'cli'],
    files: [
      ...GO_FILES,
      'internal/cli/cli.go',
      'internal/cli/cli_test.go',
      'main.go',
    ],
    ci: GO_CI,
    check: files => {
      goModule(files);
      expect(files['main.go']).toContain(`"${goModulePath}/internal/cli"`);
    },
  },
  'go-library': {
    type: 'library',
    language: 'go',
    componentType: 'library',
    topics: ['go', 'library'],
    files: [
      ...GO_FILES,
      'doc.go',
      'example_test.go',
      'version.go',
      'version_test.go',
    ],
    ci: GO_CI,
    check: files => {
      goModule(files);
      expect(files['doc.go']).toContain('package paymentsrouter\n');
      expect(files['example_test.go']).toContain(
        'package paymentsrouter_test\n',
      );
    },
  },
  'python-package': {
    type: 'library',
    language: 'python',
    componentType: 'library',
    topics: ['python', 'library'],
    files: [
      'pyproject.toml',
      'src/payments_router/__init__.py',
      'src/payments_router/py.typed',
      'tests/test_package.py',
    ],
    ci: ['pytest', '--cov', 'ruff', 'mypy'],
    check: files => {
      expect(files['pyproject.toml']).toContain('name = "payments-router"');
      expect(files['pyproject.toml']).toContain(
        `description = "${values.description}"`,
      );
      expect(files['pyproject.toml']).toContain(
        'packages = ["src/payments_router"]',
      );
      expect(files['tests/test_package.py']).toContain(
        'import payments_router\n',
      );
    },
  },
  'nextjs-website': {
    type: 'website',
    language: 'typescript',
    componentType: 'website',
    topics: ['typescript', 'nextjs', 'website'],
    files: [
      '__tests__/index.test.tsx',
      'eslint.config.mjs',
      'next-env.d.ts',
      'next.config.mjs',
      'package.json',
      'pages/_app.tsx',
      'pages/api/health.ts',
      'pages/index.tsx',
      'tsconfig.json',
      'vitest.config.mts',
    ],
    ci: ['npm test', 'npm run lint', 'coverage'],
    check: files => {
      const pkg = JSON.parse(files['package.json']);
      expect(pkg.name).toBe('payments-router');
      expect(pkg.scripts.test).toBe('vitest run --coverage');
      expect(pkg.dependencies.next).toBeDefined();
      expect(files['pages/index.tsx']).toContain(
        `<p>{"${values.description}"}</p>`,
      );
    },
  },
  'terraform-stack': {
    type: 'infrastructure',
    language: 'terraform',
    componentType: 'infrastructure',
    topics: ['terraform', 'infrastructure'],
    files: [
      '.tflint.hcl',
      'main.tf',
      'outputs.tf',
      'tests/defaults.tftest.hcl',
      'variables.tf',
      'versions.tf',
    ],
    ci: ['terraform test', 'terraform validate', 'tflint', 'trivy'],
    check: files => {
      expect(files['main.tf']).toContain('component   = "payments-router"');
      expect(files['main.tf']).toContain('owner       = "squad-aura"');
      // Terraform's own interpolation survives Nunjucks.
      expect(files['main.tf']).toContain(
        'bucket = "payments-router-${var.environment}"',
      );
    },
  },
  'ios-framework': {
    type: 'library',
    language: 'swift',
    componentType: 'library',
    topics: ['swift', 'ios', 'library'],
    files: [
      '.swiftlint.yml',
      'Package.swift',
      'Sources/PaymentsRouter/PaymentsRouter.swift',
      'Tests/PaymentsRouterTests/PaymentsRouterTests.swift',
    ],
    ci: ['swift test', '--enable-code-coverage', 'swiftlint'],
    check: files => {
      expect(files['Package.swift']).toContain('name: "PaymentsRouter"');
      expect(files['Sources/PaymentsRouter/PaymentsRouter.swift']).toContain(
        '"payments-router/\\(version)"',
      );
    },
  },
  'docs-repository': {
    type: 'documentation',
    language: 'markdown',
    componentType: 'documentation',
    topics: ['markdown', 'documentation'],
    files: [
      '.markdownlint.yaml',
      'docs/contributing.md',
      'docs/getting-started.md',
    ],
    ci: ['mkdocs build --strict', 'markdownlint', 'lychee'],
  },
  'empty-repository': {
    type: 'repository',
    language: 'markdown',
    componentType: 'repository',
    topics: ['markdown', 'repository'],
    files: ['.editorconfig', '.markdownlint.yaml'],
    ci: ['markdownlint', 'editorconfig-checker'],
  },
};

const catalog: Entity[] = [
  squad('squad-aura'),
  squad('squad-atlas'),
  system('payments-core', 'group:default/squad-aura'),
];

function squadsOfTheOrganisation(): string[] {
  const org = fs.readFileSync(
    path.join(templatesDir, '../examples/org/org.yaml'),
    'utf8',
  );
  return yaml
    .parseAllDocuments(org)
    .map(doc => doc.toJS() as Entity | null)
    .filter(e => e?.kind === 'Group' && e.spec?.type === 'squad')
    .map(e => `group:default/${e!.metadata.name}`);
}

function catalogInfoOf(files: Record<string, string>): Entity {
  return yaml.parse(files['catalog-info.yaml']);
}

describe('software templates', () => {
  let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;

  beforeAll(async () => {
    scaffolder = await startScaffolder(catalog);
  });

  afterAll(async () => {
    await scaffolder?.backend.stop();
  });

  it('has an expectation for every template directory', () => {
    expect(templateIds()).toEqual(Object.keys(expectations).sort());
  });

  describe.each(Object.entries(expectations))('%s', (id, expected) => {
    const template = readTemplate(id);

    it('is listed in all.yaml with the required metadata', () => {
      const location = yaml.parse(
        fs.readFileSync(path.join(templatesDir, 'all.yaml'), 'utf8'),
      );
      expect(location.spec.targets).toContain(`./${id}/template.yaml`);

      expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
      expect(template.kind).toBe('Template');
      expect(template.metadata.name).toBe(id);
      expect(template.metadata.title).toEqual(expect.any(String));
      expect(template.metadata.description!.length).toBeGreaterThan(20);
      expect(template.spec!.type).toBe(expected.type);
      expect(squadsOfTheOrganisation()).toContain(template.spec!.owner);

      const tags = template.metadata.tags ?? [];
      expect(tags).toContain(expected.language);
      const maturities = tags.filter(tag => MATURITIES.includes(tag));
      expect(maturities).toHaveLength(1);
      expect(template.metadata.labels?.['meridian.bank/maturity']).toBe(
        maturities[0],
      );
    });

    it('checks the owner first, then renders, publishes and registers', () => {
      const steps = template.spec!.steps as Array<{
        id: string;
        action: string;
        input: Record<string, unknown>;
      }>;
      expect(steps.map(s => s.action)).toEqual([
        'catalog:fetch',
        'fetch:template',
        'publish:github',
        'catalog:register',
      ]);
      expect(steps[0].input.entityRef).toBe('${{ parameters.owner }}');
      expect(steps[3].input).toEqual({
        repoContentsUrl: "${{ steps['publish'].output.repoContentsUrl }}",
        catalogInfoPath: '/catalog-info.yaml',
      });
    });

    it('asks for the owner among squads and publishes to the organisation on github.com', () => {
      const properties = Object.assign(
        {},
        ...(template.spec!.parameters as Array<{ properties: object }>).map(
          page => page.properties,
        ),
      );
      expect(properties.owner['ui:field']).toBe('OwnerPicker');
      expect(properties.owner['ui:options'].catalogFilter).toEqual({
        kind: 'Group',
        'spec.type': 'squad',
      });
      expect(properties.system['ui:field']).toBe('EntityPicker');
      expect(properties.system['ui:options'].catalogFilter).toEqual({
        kind: 'System',
      });
      expect(properties.repoUrl['ui:field']).toBe('RepoUrlPicker');
      // github.com is whichever GitHub the portal's integration for that
      // host points at (the local one in the end-to-end tests).
      expect(properties.repoUrl['ui:options']).toEqual({
        allowedHosts: ['github.com'],
        allowedOwners: [githubOrg],
      });
    });

    it('renders through the scaffolder in dry-run mode', async () => {
      const res = await scaffolder.dryRun(id, values);
      expect(res.status).toBe(200);
      const body: DryRunResponse = res.body;
      const files = filesOf(body);

      expect(Object.keys(files).sort()).toEqual(
        [...COMMON_FILES, ...expected.files].sort(),
      );

      const entity = catalogInfoOf(files);
      expect(entity).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'payments-router',
          description: values.description,
          annotations: {
            'github.com/project-slug': `${githubOrg}/payments-router`,
            'backstage.io/techdocs-ref': 'dir:.',
          },
          tags: expect.arrayContaining([expected.language]),
        },
        spec: {
          type: expected.componentType,
          lifecycle: 'experimental',
          owner: 'group:default/squad-aura',
          system: 'system:default/payments-core',
        },
      });

      expect(files['.github/CODEOWNERS']).toMatch(
        new RegExp(`^\\* @${githubOrg}/squad-aura$`, 'm'),
      );
      expect(yaml.parse(files['mkdocs.yml']).site_name).toBe('payments-router');
      expect(files['docs/index.md']).toMatch(/^# payments-router\n/);
      expect(files['docs/index.md']).toContain(values.description);
      expect(files['README.md']).toMatch(/^# payments-router\n/);
      expect(
        yaml.parse(files['.github/dependabot.yml']).updates.length,
      ).toBeGreaterThan(0);

      // Copied verbatim: GitHub expressions would otherwise be eaten by Nunjucks.
      const ci = files['.github/workflows/ci.yml'];
      expect(ci).toContain('${{ github.workflow }}-${{ github.ref }}');
      expect(yaml.parse(ci).on).toEqual({
        push: { branches: ['main'] },
        pull_request: null,
      });
      for (const word of expected.ci) {
        expect(ci).toContain(word);
      }
      // Nunjucks left nothing unrendered.
      expect(
        Object.entries(files)
          .filter(([file]) => file !== '.github/workflows/ci.yml')
          .filter(([, content]) => /\$\{\{|\{%/.test(content))
          .map(([file]) => file),
      ).toEqual([]);
      expected.check?.(files);

      // publish:github does not support dry runs: it is skipped, after
      // logging the inputs it would have run with.
      expect(
        body.log.some(
          l =>
            l.body.stepId === 'publish' &&
            l.body.message ===
              'Skipping because publish:github does not support dry-run',
        ),
      ).toBe(true);
      expect(dryRunInputsOf(body, 'publish')).toEqual({
        repoUrl: values.repoUrl,
        description: values.description,
        defaultBranch: 'main',
        repoVisibility: 'internal',
        deleteBranchOnMerge: true,
        protectDefaultBranch: true,
        requireCodeOwnerReviews: true,
        requiredApprovingReviewCount: 1,
        dismissStaleReviews: true,
        topics: expected.topics,
        collaborators: [{ team: 'squad-aura', access: 'push' }],
      });
      expect(dryRunInputsOf(body, 'register').catalogInfoPath).toBe(
        '/catalog-info.yaml',
      );

      expect(body.output.links).toEqual([
        { title: 'Repository', url: expect.any(String) },
        { title: 'Open in catalog', icon: 'catalog' },
        {
          title: 'Documentation',
          icon: 'docs',
          url: '/docs/default/component/payments-router',
        },
      ]);
    });

    const systemRequired = (
      template.spec!.parameters as Array<{ required?: string[] }>
    ).some(page => page.required?.includes('system'));
    const { system: _system, ...withoutSystem } = values;

    if (systemRequired) {
      it('requires a system', async () => {
        const res = await scaffolder.dryRun(id, withoutSystem);
        expect(res.status).toBe(400);
        expect(res.body.errors[0].stack).toContain(
          'requires property "system"',
        );
      });
    } else {
      it('leaves out the system when none is chosen', async () => {
        const res = await scaffolder.dryRun(id, withoutSystem);
        expect(res.status).toBe(200);
        expect(catalogInfoOf(filesOf(res.body)).spec).not.toHaveProperty(
          'system',
        );
      });
    }

    it('stops at the owner check, before publishing, for an unknown owner', async () => {
      const res = await scaffolder.dryRun(id, {
        ...values,
        owner: 'group:default/squad-nobody',
      });
      expect(res.status).toBe(500);
      expect(res.body.error.message).toBe(
        'Entity group:default/squad-nobody not found',
      );
      const messages = scaffolder.logs.map(l => l.message).join('\n');
      expect(messages).toContain('Running catalog:fetch in dry-run mode');
      expect(messages).not.toContain('Running fetch:template');
      expect(messages).not.toContain('publish:github');
    });

    it.each([
      ['too short', 'ab'],
      ['too long', `a${'-b'.repeat(25)}`],
      ['upper case', 'Payments-Router'],
      ['underscores', 'payments_router'],
      ['a leading digit', '1-router'],
      ['a trailing hyphen', 'router-'],
      ['double hyphens', 'payments--router'],
    ])('rejects a name with %s', async (_, name) => {
      const res = await scaffolder.dryRun(id, { ...values, name });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ property: 'instance.name' }),
      ]);
    });

    it('rejects a short description', async () => {
      const res = await scaffolder.dryRun(id, {
        ...values,
        description: 'A service',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ property: 'instance.description' }),
      ]);
    });
  });

  describe('messaging', () => {
    const queues = ['payments.instructions', 'payments.returns'];

    it('annotates the queues a service consumes from', async () => {
      const res = await scaffolder.dryRun('go-service', {
        ...values,
        messaging: true,
        queues,
      });
      expect(res.status).toBe(200);
      const files = filesOf(res.body);
      const annotation =
        catalogInfoOf(files).metadata.annotations?.[QUEUE_ANNOTATION];
      expect(annotation).toBe('payments.instructions,payments.returns');
      expect(parseQueueAnnotation(annotation!)).toEqual({
        queues,
        invalid: [],
      });
      expect(checkQueueAnnotation(annotation!)).toEqual(queues);

      expect(Object.keys(files)).toEqual(
        expect.arrayContaining([
          'internal/messaging/queues.go',
          'internal/messaging/queues_test.go',
        ]),
      );
      expect(files['internal/messaging/queues.go']).toContain(
        '\t"payments.instructions",\n\t"payments.returns",\n}',
      );
      expect(files['main.go']).toContain(
        `"${goModulePath}/internal/messaging"`,
      );
      expect(files['docs/index.md']).toContain('- `payments.returns`');
    });

    it('has no annotation and no messaging code when off', async () => {
      for (const messaging of [false, undefined]) {
        const res = await scaffolder.dryRun('go-service', {
          ...values,
          ...(messaging === undefined ? {} : { messaging }),
        });
        expect(res.status).toBe(200);
        const files = filesOf(res.body);
        expect(catalogInfoOf(files).metadata.annotations).not.toHaveProperty(
          QUEUE_ANNOTATION,
        );
        expect(Object.keys(files).some(f => f.includes('messaging'))).toBe(
          false,
        );
        expect(files['main.go']).not.toContain('messaging');
        expect(files['docs/index.md']).not.toContain('## Messaging');
      }
    });

    it('needs at least one valid queue name when on', async () => {
      for (const bad of [[], ['payments instructions'], ['a,b']]) {
        const res = await scaffolder.dryRun('go-service', {
          ...values,
          messaging: true,
          queues: bad,
        });
        expect(res.status).toBe(400);
      }
      const missing = await scaffolder.dryRun('go-service', {
        ...values,
        messaging: true,
      });
      expect(missing.status).toBe(400);
    });
  });
});
