import { describe, expect, it } from 'vitest';
import { demoConnectors } from './demo-data.ts';
import { pickLiveConnector } from './demo-runner.ts';

const connectors = demoConnectors.map((connector, index) => ({ id: index + 1, scenario: connector.scenario }));
const picks = (count: number) =>
  Array.from({ length: count }, (_, i) => pickLiveConnector(i, connectors)!.scenario as string);

describe("the demo's live reviews", () => {
  it('go through the buffering proxy three times in the first fourteen', () => {
    expect(picks(14).filter((scenario) => scenario === 'buffering-proxy')).toHaveLength(3);
  });

  it('are mostly healthy, and visit every failing connector in turn', () => {
    const many = picks(300);
    const healthy = many.filter((scenario) => scenario === 'healthy').length;
    expect(healthy / many.length).toBeGreaterThan(0.5);
    const failing = new Set(demoConnectors.map((c) => c.scenario).filter((s) => s !== 'healthy'));
    expect(new Set(many.filter((scenario) => scenario !== 'healthy'))).toEqual(failing);
  });

  it('still pick one when the org has only healthy connectors', () => {
    const onlyHealthy = [{ id: 1, scenario: 'healthy' as const }];
    expect(pickLiveConnector(1, onlyHealthy)).toEqual(onlyHealthy[0]);
    expect(pickLiveConnector(4, onlyHealthy)).toEqual(onlyHealthy[0]);
    expect(pickLiveConnector(0, [])).toBeUndefined();
  });
});
