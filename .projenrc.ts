import { awscdk, javascript } from 'projen';

/**
 * The lowest aws-cdk-lib this library supports. The L1s it uses set the floor:
 * `CfnDirectory` (AWS::WorkSpaces::Directory) first appears in 2.274.0. The
 * devDependency is pinned to exactly this version so every test runs against
 * the floor; the peer dependency is `^` this version.
 */
const CDK_FLOOR = '2.274.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-workspaces-constructs',
  description:
    'AWS CDK constructs for Amazon WorkSpaces Pools, WorkSpaces directories and WorkSpaces Secure Browser portals, with custom resources that wait for the real target state.',
  keywords: ['aws', 'cdk', 'awscdk', 'workspaces', 'workspaces-pools', 'workspaces-web', 'secure-browser', 'vdi'],
  author: 'cdk-workspaces-constructs maintainers',
  authorAddress: 'maintainers@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-workspaces/cdk-workspaces-constructs.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // jsii 6.0 brings TypeScript 6.0 (verified to build offline with this projen). Do not set
  // `typescriptVersion`: projen would ask for `@types/node@ts6.0`, which does not exist.
  jsiiVersion: '~6.0.0',
  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  // Node.js 20 reached end of life on 2026-04-30 (https://nodejs.org/en/about/previous-releases),
  // and the AWS SDK for JavaScript v3 says its releases after the first week of January 2027 need
  // Node.js 22 or later. `engines` and @types/node follow this floor.
  minNodeVersion: '22.0.0',

  srcdir: 'lib',
  libdir: 'lib',
  testdir: 'test',

  // The repository's CI is `.ci/run` (a clean clone on a bare machine); no
  // GitHub workflows, release automation or bots are generated.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  // Handlers are bundled by scripts/bundle-handlers.ts (see the `bundle` task),
  // and integration tests run through integ-runner: projen's own discovery of
  // `*.lambda.ts` and `*.integ.ts` files is not used.
  lambdaAutoDiscover: false,
  edgeLambdaAutoDiscover: false,
  lambdaExtensionAutoDiscover: false,
  integrationTestAutoDiscover: false,

  jestOptions: {
    jestVersion: '^30',
    // projen's default test task runs `jest --updateSnapshot`, under which a snapshot can never fail.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // A test glob that matches nothing must fail, not pass.
    passWithNoTests: false,
    jestConfig: {
      // Prefer the TypeScript sources over the in-place jsii output in lib/.
      moduleFileExtensions: ['ts', 'js', 'json', 'node'],
      collectCoverageFrom: ['lib/**/*.ts', 'lambda/**/*.ts', '!**/*.d.ts'],
      coveragePathIgnorePatterns: ['/node_modules/'],
      testPathIgnorePatterns: ['/node_modules/', '\\.snapshot/'],
      // Tests that synthesize stacks take seconds on a loaded 2-core CI machine.
      testTimeout: 30_000,
      // jest's default is one worker fewer than the cores, i.e. one test file at a time on a
      // 2-core CI machine; the parent process only collects results.
      maxWorkers: '100%',
      // One CloudFormation Validate rule engine per jest worker instead of one per test file
      // (4 to 10 s each): see test/support/jest-setup.ts.
      testEnvironment: '<rootDir>/test/support/jest-environment.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
    },
  },

  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'lambda', 'examples', 'scripts'],
  },

  // The dev tsconfig lives in test/ (projen 0.103): its paths are relative to test/.
  tsconfigDev: {
    include: ['../lambda/**/*.ts', '../examples/**/*.ts', '../scripts/**/*.ts'],
    compilerOptions: {},
  },

  devDeps: [
    'typescript@~6.0.0', // ts-jest 29 needs TypeScript < 7
    'ts-jest@^29.4.0',
    'jest-environment-node@^30', // test/support/jest-environment.ts extends it
    '@jest/environment@^30',
    'esbuild@^0.28.0',
    '@types/aws-lambda@^8.10.0',
    // Bundled into the handlers (see scripts/bundle-handlers.ts), never a runtime dependency.
    '@aws-sdk/client-workspaces@^3.1048.0',
    '@aws-sdk/client-workspaces-web@^3.1138.0',
    '@aws-sdk/client-cloudformation@^3.1138.0',
    '@aws-sdk/client-appstream@^3.1112.0',
    'aws-sdk-client-mock@^4.1.0',
    'aws-sdk-client-mock-jest@^4.1.0',
    // The npm `latest` tag of aws-cdk (3.0.0) is an old build that rejects current cloud assemblies.
    'aws-cdk@^2.1148.1',
    // test/nag.test.ts runs both majors: cdk-nag 2 (an Aspect reading the `cdk_nag` metadata) and,
    // under the alias cdk-nag3, cdk-nag 3 (a policy-validation plugin reading Validations
    // acknowledgements; it needs aws-cdk-lib >= 2.257 and silently checks nothing on older ones).
    'cdk-nag@2.38.2',
    'cdk-nag3@npm:cdk-nag@^3.0.2',
    '@aws-cdk/integ-runner@2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    'jsii-docgen@^10.12.0',
    'jsii-pacmak@^1.140.0',
    // Node.js 22 for every npm script (npm puts node_modules/.bin first on PATH), also on a machine
    // whose own Node.js is older: `npm test` builds and tests on the floor. Its install script
    // fetches the platform's binary; npm 11 runs it only because allowScripts (below) names it.
    'node@^22',
  ],

  publishToPypi: {
    distName: 'cdk-workspaces-constructs',
    module: 'cdk_workspaces_constructs',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkworkspaces.constructs',
    mavenGroupId: 'io.github.cdk-workspaces',
    mavenArtifactId: 'cdk-workspaces-constructs',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkWorkspaces.Constructs',
    packageId: 'CdkWorkspaces.Constructs',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-workspaces/cdk-workspaces-constructs-go',
    packageName: 'cdkworkspacesconstructs',
  },
});

// npm `overrides`: unrs-resolver 1.13.0 (eslint's TypeScript import resolver) is
// served here with Linux builds only, so `npm ci` fails on the lockfile; 1.12.2 is
// complete. (toolchain.md's override of @aws-cdk/cloud-assembly-schema for
// integ-runner cannot be applied with aws-cdk-lib 2.274: see
// test/support/integ-runner-schema-compat.ts for what is done instead.)
project.package.addField('overrides', {
  'unrs-resolver': '1.12.2',
});
// npm 11 skips dependencies' install scripts unless allowScripts names them (`npm help
// install-scripts`). The `node` devDependency's preinstall installs the Node.js binary.
project.package.addField('allowScripts', {
  node: true,
});

// ---------------------------------------------------------------------------
// Handlers: type-checked, then bundled by esbuild into assets/handlers/provider/index.js,
// which ships in the npm package and is loaded with lambda.Code.fromAsset.
// ---------------------------------------------------------------------------
const typecheckHandlers = project.addTask('typecheck:lambda', {
  description: 'Type-check the Lambda handler sources',
  exec: 'tsc --noEmit -p lambda/tsconfig.json',
});
const bundle = project.addTask('bundle', {
  description: 'Type-check and bundle the custom resource handlers into assets/handlers',
});
bundle.spawn(typecheckHandlers);
bundle.exec('ts-node --transpile-only scripts/bundle-handlers.ts');
// Part of compile itself, not pre-compile (which only `build` runs): any compiled
// library, and so any package made from it, has its handlers.
project.compileTask.prependSpawn(bundle);
// The tests need the handler bundle and the jsii assembly (.jsii: test/enum-like-classes.test.ts reads
// it), and integ-runner loads lib/*.js: compile (bundle, then jsii) first, so none of them is stale.
// jest resolves .ts before .js (moduleFileExtensions), so the tests still run and cover the sources.
project.testTask.prependSpawn(project.compileTask);
// ts-jest compiles each test file on its own and eslint does not type-check: check the tests,
// examples and scripts as one program (test/tsconfig.json) before jest runs.
const typecheckDev = project.addTask('typecheck:dev', {
  description: 'Type-check the tests, examples and scripts',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.prependSpawn(typecheckDev);

// ---------------------------------------------------------------------------
// Integration tests (test/integ.*.ts): snapshots are committed and verified by
// integ-runner in snapshot mode as part of `npm test`. Maintainers with an AWS
// account can run the same tests for real with `npx integ-runner ... --force`.
// ---------------------------------------------------------------------------
// The preload relabels schema-55 manifests for integ-runner's schema-53 toolkit: see the file.
const INTEG_APP = 'node -r ts-node/register/transpile-only -r ./test/support/integ-runner-schema-compat.ts {filePath}';
const integ = project.addTask('integ', {
  description: 'Verify the committed integration test snapshots (no AWS account needed)',
  exec: `integ-runner --language typescript --directory test --app '${INTEG_APP}'`,
});
project.addTask('integ:update', {
  description: 'Create or refresh the integration test snapshots',
  exec: `integ-runner --language typescript --directory test --app '${INTEG_APP}' --update-on-failed --dry-run`,
});
project.testTask.spawn(integ);

// ---------------------------------------------------------------------------
// The README's first command: synthesize an example app and print what it produced.
// ---------------------------------------------------------------------------
const synthExample = project.addTask('synth:example', {
  description: 'Synthesize examples/pool-app.ts offline and print the template',
  env: { CDK_DISABLE_VERSION_CHECK: 'true' },
});
synthExample.spawn(bundle);
synthExample.exec(
  "cdk synth --no-notices --no-version-reporting --output cdk.out/examples --app 'ts-node --transpile-only -P examples/tsconfig.json examples/pool-app.ts'",
);

// The README's Quick start, run as written: pack the library, write the Quick start's files into
// an empty folder, install the tarball with the README's install lines, `npx cdk synth` offline
// (scripts/check-quick-start.ts). Needs the npm registry; CI runs it after npm test.
const checkQuickStart = project.addTask('check:quick-start', {
  description: "Run the README's Quick start as written against a packed build of the library",
});
checkQuickStart.spawn(project.compileTask);
checkQuickStart.exec('ts-node --transpile-only scripts/check-quick-start.ts');

// Full packaging for Python/Java/.NET/Go needs registries and toolchains CI does not
// have; generating the code of all four bindings proves the API translates.
project.addTask('package:code-only', {
  description: 'Generate the Python, Java, .NET and Go bindings (code only) into dist/code-only',
  exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go --outdir dist/code-only',
});

project.addTask('bench', {
  description: 'Print benchmark figures (synth time and memory, handler bundle bytes, cold require time)',
  exec: 'ts-node --transpile-only scripts/bench.ts',
}).prependSpawn(bundle);

// ---------------------------------------------------------------------------
// What git and npm see.
// ---------------------------------------------------------------------------
project.gitignore.exclude('/assets/handlers/', 'cdk.out/', '**/*.snapshot/asset.*', '/dist/', '/.bench/', '/.tmp/');
// jsii compiles lib/*.ts in place: the .js and .d.ts next to the sources are build output.
project.gitignore.exclude('/lib/**/*.js', '/lib/**/*.d.ts');
// Ship the compiled library and the bundled handlers, not their sources.
project.addPackageIgnore('/lib/**/*.ts');
project.addPackageIgnore('!/lib/**/*.d.ts');
project.addPackageIgnore('/lambda/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('cdk.out/');
project.addPackageIgnore('/.bench/');
project.addPackageIgnore('/.tmp/');

project.synth();
