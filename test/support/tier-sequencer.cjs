// Runs the longest test files first so that no worker sits idle at the end of a run. jest knows
// how long each file took only from a previous run on the same machine (its cache); without it
// (a fresh CI checkout) a file's tier stands in: system and integration files spawn processes or
// talk over sockets, so they go before unit files, the larger first.
const Sequencer = require('@jest/test-sequencer').default;
const { statSync } = require('node:fs');

const TIER_WEIGHT = { system: 30, integration: 6, unit: 1 };

function tierOf(path) {
  if (path.endsWith('.system.test.ts')) return 'system';
  if (path.endsWith('.integration.test.ts')) return 'integration';
  return 'unit';
}

class TierSequencer extends Sequencer {
  sort(tests) {
    const estimate = new Map();
    for (const test of tests) {
      const known = this.time(test);
      let size = 0;
      try {
        size = statSync(test.path).size;
      } catch {
        // a file that vanished sorts last; jest reports it
      }
      // Cached durations are in ms; a byte of a tier's file is weighted to be comparable.
      estimate.set(test.path, { failed: this.hasFailed(test), ms: known ?? (size / 100) * TIER_WEIGHT[tierOf(test.path)] });
    }
    return [...tests].sort((a, b) => {
      const ea = estimate.get(a.path);
      const eb = estimate.get(b.path);
      if (ea.failed !== eb.failed) return ea.failed ? -1 : 1;
      return eb.ms - ea.ms || (a.path < b.path ? -1 : 1);
    });
  }
}

module.exports = TierSequencer;
