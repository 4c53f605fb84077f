/**
 * Preloaded into every integration test app (see the `integ` task in .projenrc.ts).
 *
 * integ-runner 2.197.10, the newest release, bundles a CDK toolkit that reads
 * cloud assembly schema 53 at most, while aws-cdk-lib 2.274 (our floor) writes
 * schema 55. (toolchain.md suggested an npm override of
 * @aws-cdk/cloud-assembly-schema; npm cannot apply it, because aws-cdk-lib's
 * bundled cloud-assembly-api requires ^55.)
 *
 * Between schema 53.28.0 and 55.6.0 the cloud-assembly and assets schemas are
 * identical; the integ schema adds only `TestCase.allowDeleteFailures` and
 * the `destructive` value of `requireApproval`. So when the app exits, this
 * preload relabels the manifests it wrote (manifest.json, integ.json,
 * *.assets.json) from 54.x/55.x to 53.0.0, and refuses a manifest that uses
 * either addition, or a schema newer than 55, which nobody has compared.
 *
 * Remove it once integ-runner ships a toolkit that reads schema 55.
 */
import * as fs from 'fs';
import * as path from 'path';

const READABLE_MAJOR = 53;
const VERIFIED_MAJORS = new Set([54, 55]);

function manifestsIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('assembly-') ? manifestsIn(full) : [];
    }
    return entry.name === 'manifest.json' || entry.name === 'integ.json' || entry.name.endsWith('.assets.json') ? [full] : [];
  });
}

function usesIntegAdditions(manifest: { testCases?: Record<string, Record<string, unknown>> }): string | undefined {
  for (const [name, testCase] of Object.entries(manifest.testCases ?? {})) {
    if ('allowDeleteFailures' in testCase) {
      return `test case ${name} sets allowDeleteFailures`;
    }
    const approval = (testCase.cdkCommandOptions as any)?.deploy?.args?.requireApproval;
    if (approval === 'destructive') {
      return `test case ${name} sets requireApproval: destructive`;
    }
  }
  return undefined;
}

export function relabelManifests(outdir: string): string[] {
  const relabelled: string[] = [];
  for (const file of manifestsIn(outdir)) {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    const major = Number(String(manifest.version).split('.')[0]);
    if (!Number.isInteger(major) || major <= READABLE_MAJOR) {
      continue;
    }
    if (!VERIFIED_MAJORS.has(major)) {
      throw new Error(`${file}: cloud assembly schema ${manifest.version} has not been compared with 53; see test/support/integ-runner-schema-compat.ts`);
    }
    const addition = path.basename(file) === 'integ.json' ? usesIntegAdditions(manifest) : undefined;
    if (addition) {
      throw new Error(`${file}: ${addition}, which integ-runner's schema 53 cannot express`);
    }
    manifest.version = `${READABLE_MAJOR}.0.0`;
    fs.writeFileSync(file, JSON.stringify(manifest, undefined, 2));
    relabelled.push(file);
  }
  return relabelled;
}

const outdir = process.env.CDK_OUTDIR;
if (outdir) {
  process.on('exit', code => {
    if (code === 0 && fs.existsSync(outdir)) {
      relabelManifests(outdir);
    }
  });
}
