import { ConfigReader } from '@backstage/config';
import { readTracks } from '@internal/backstage-plugin-tech-insights-backend-module-scorecards';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

describe("the portal's scorecard tracks (app-config.yaml)", () => {
  it('are valid: known facts, unique checks, a remediation for each', () => {
    const appConfig = parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../app-config.yaml'),
        'utf8',
      ),
    );
    const tracks = readTracks(new ConfigReader(appConfig));
    expect(tracks.map(t => [t.id, t.levels.length])).toEqual([
      ['ownership', 3],
      ['test-certified', 2],
      ['secure-delivery', 2],
      ['operational-health', 2],
    ]);
    const checks = tracks.flatMap(t => t.levels.flatMap(l => l.checks));
    expect(checks).toHaveLength(20);
    for (const check of checks) {
      expect(check.remediation.length).toBeGreaterThan(10);
    }
  });
});
