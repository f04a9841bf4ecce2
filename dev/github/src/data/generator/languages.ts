import type { RepoCore } from '../model';

/*
 * What a repository of each language builds with, and its few source files.
 */

/** Dependabot's package ecosystem of each language. */
export const ECOSYSTEM: Record<string, string> = {
  Go: 'gomod',
  Java: 'maven',
  Kotlin: 'gradle',
  Python: 'pip',
  TypeScript: 'npm',
  JavaScript: 'npm',
  Swift: 'swift',
  Rust: 'cargo',
};

export interface Toolchain {
  setup: string[];
  build: string;
  test: string;
  runsOn: string;
}

export function toolchain(language: string): Toolchain {
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

type Files = Array<[string, string]>;

/** A test file, for repositories whose CI runs tests. */
function testFile(withTests: boolean, path: string, content: string): Files {
  return withTests ? [[path, content]] : [];
}

/** A small project's files in the repository's language (tests when CI runs them). */
export function sourceFiles(core: RepoCore, withTests: boolean): Files {
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
        ...testFile(
          withTests,
          'cmd/server/main_test.go',
          'package main\n\nimport "testing"\n\nfunc TestMain(t *testing.T) {}\n',
        ),
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
        ...testFile(
          withTests,
          'tests/test_smoke.py',
          `def test_import():\n    import ${ident}  # noqa: F401\n`,
        ),
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
        ...testFile(
          withTests,
          'src/test/java/com/meridian/AppTest.java',
          'package com.meridian;\n\nclass AppTest {}\n',
        ),
      ];
    case 'Kotlin':
      return [
        [
          'build.gradle.kts',
          `plugins {\n    kotlin("jvm") version "2.0.0"\n}\n\ngroup = "com.meridian"\nversion = "1.0.0"\n`,
        ],
        ['src/main/kotlin/App.kt', 'fun main() {}\n'],
        ...testFile(withTests, 'src/test/kotlin/AppTest.kt', 'class AppTest\n'),
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
        ...testFile(
          withTests,
          ts ? 'src/index.test.ts' : 'src/index.test.js',
          "import { name } from './index';\n\ntest('name', () => expect(name).toBeTruthy());\n",
        ),
      ];
    }
  }
}
