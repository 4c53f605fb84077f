/**
 * The README's Quick start, read by the file each block belongs to: a block is preceded by a line
 * `<!-- file: NAME -->` (a file the app needs) or `<!-- run: STEP -->` (commands to run). Used by
 * scripts/check-quick-start.ts (which runs it) and test/readme.test.ts.
 */

/** The files a new app needs, every one of which the Quick start must show. */
export const QUICK_START_FILES = ['cdk.json', 'tsconfig.json', 'app.ts', 'cdk.context.json'] as const;

export interface QuickStart {
  /** Each file's content, by name. */
  readonly files: Record<string, string>;
  /** The install commands. */
  readonly install: string;
  /** The synth command. */
  readonly synth: string;
}

/** The README's `## Quick start` section, subsections included. */
export function quickStartSection(readme: string): string {
  const start = readme.indexOf('\n## Quick start\n');
  if (start < 0) {
    throw new Error('README.md has no "## Quick start" section');
  }
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The marked blocks of a text: marker kind and name to the block's content. */
export function markedBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of text.matchAll(/^<!-- (file|run): ([\w.-]+) -->\n```\w*\n([\s\S]*?)^```$/gm)) {
    const key = `${m[1]}:${m[2]}`;
    if (blocks.has(key)) {
      throw new Error(`the Quick start marks two blocks as ${key}`);
    }
    blocks.set(key, m[3]);
  }
  return blocks;
}

/** The Quick start's files and commands; throws when one is missing. */
export function quickStart(readme: string): QuickStart {
  const blocks = markedBlocks(quickStartSection(readme));
  const get = (key: string): string => {
    const block = blocks.get(key);
    if (block === undefined) {
      throw new Error(`the README's Quick start has no block marked <!-- ${key.replace(':', ': ')} -->`);
    }
    return block;
  };
  const files: Record<string, string> = {};
  for (const name of QUICK_START_FILES) {
    files[name] = get(`file:${name}`);
  }
  const extra = [...blocks.keys()].filter(k => k.startsWith('file:') && !(QUICK_START_FILES as readonly string[]).includes(k.slice(5)));
  if (extra.length) {
    throw new Error(`the Quick start marks files the check does not know: ${extra.join(', ')} (add them to QUICK_START_FILES)`);
  }
  return { files, install: get('run:install'), synth: get('run:synth') };
}

/**
 * The warning ids in the first column of the README's tables: the library's
 * (`cdk-workspaces-constructs:x`, or `…x` after one) and template validation's (`CloudFormation-Validate::W1234`).
 */
export function warningTableIds(readme: string): string[] {
  const ids: string[] = [];
  for (const row of readme.matchAll(/^\| ([^|]*) \|/gm)) {
    for (const id of row[1].matchAll(/`(?:(cdk-workspaces-constructs:|…)([A-Za-z]+)|(CloudFormation-Validate::[EWI]\d+))`/g)) {
      ids.push(id[3] ?? `cdk-workspaces-constructs:${id[2]}`);
    }
  }
  return ids;
}

/**
 * The ids of the warnings the CLI printed ("Acknowledge with 'Annotation::<id>'" for a construct's
 * warning, "Acknowledge with '<id>'" for a template validation's).
 */
export function printedWarningIds(output: string): string[] {
  const ids = [...output.matchAll(/Acknowledge with '(?:Annotation::)?([^']+)'/g)].map(m => m[1]);
  return [...new Set(ids)].sort();
}
