import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { useProjectTempDir } from './support/project-temp-dir';

/**
 * Every example app synthesizes offline, as `cdk synth` runs it, and
 * produces the custom resources it is there to show.
 */
const EXAMPLES = path.join(__dirname, '..', 'examples');
const EXPECTED: Record<string, string[]> = {
  'applications-app.ts': [
    'Custom::ApplicationsImage', 'AWS::AppStream::Fleet', 'AWS::AppStream::Stack', 'AWS::AppStream::StackFleetAssociation', 'Custom::ApplicationsFleetReadiness',
    'AWS::Scheduler::Schedule', 'AWS::ApplicationAutoScaling::ScalableTarget',
  ],
  'pool-app.ts': ['Custom::WorkspacesPool', 'Custom::WorkspacesBundleImage', 'AWS::Scheduler::Schedule', 'AWS::ApplicationAutoScaling::ScalableTarget'],
  'directory-app.ts': ['AWS::WorkSpaces::Directory', 'Custom::WorkspaceDirectoryRegistration', 'Custom::WorkspacesPool', 'AWS::DirectoryService::MicrosoftAD'],
  'web-portal-app.ts': [
    'AWS::WorkSpacesWeb::Portal', 'AWS::WorkSpacesWeb::NetworkSettings', 'AWS::WorkSpacesWeb::BrowserSettings', 'AWS::WorkSpacesWeb::UserSettings',
    'AWS::WorkSpacesWeb::IpAccessSettings', 'AWS::WorkSpacesWeb::UserAccessLoggingSettings', 'AWS::WorkSpacesWeb::DataProtectionSettings',
    'AWS::WorkSpacesWeb::SessionLogger', 'AWS::WorkSpacesWeb::IdentityProvider', 'Custom::WebPortalReadiness',
  ],
};

describe('examples', () => {
  const tmp = useProjectTempDir('examples');

  test('every example app is listed here', () => {
    expect(fs.readdirSync(EXAMPLES).filter(f => f.endsWith('-app.ts')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.keys(EXPECTED))('%s synthesizes offline', (app) => {
    const outdir = tmp();
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(EXAMPLES, app)], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, CDK_OUTDIR: outdir, TS_NODE_PROJECT: path.join(EXAMPLES, 'tsconfig.json') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const types = fs.readdirSync(outdir).filter(f => f.endsWith('.template.json'))
      .flatMap(f => Object.values(JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')).Resources as Record<string, { Type: string }>))
      .map(r => r.Type);
    for (const type of EXPECTED[app]) {
      expect(types).toContain(type);
    }
  }, 120_000);
});
