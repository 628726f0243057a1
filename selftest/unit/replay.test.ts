/**
 * The replay's reading of a workflow: conditions as GitHub reads them (success() added when no
 * status function is named), values as GitHub's expression library evaluates them, step outputs,
 * the jobs' order, a step without a stand-in failing its job, and the table of stand-ins in docs/alerts.md.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { condition, interpolate, interpolateText, type Status } from '../../scripts/replay/expressions.ts';
import { SERVICE_STAND_INS, STEP_STAND_INS } from '../../scripts/replay/stand-ins.ts';
import { readOutputs, runStep, type StepContext } from '../../scripts/replay/steps.ts';
import { jobOrder } from '../../scripts/replay/workflow.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const passed: Status = { succeeded: true, failed: false, workspace: ROOT };
const failed: Status = { succeeded: false, failed: true, workspace: ROOT };

describe('the replay reads a workflow as GitHub does', () => {
  it('adds success() to a condition that names no status function, and not to one that does', () => {
    const contexts = { github: { event_name: 'schedule' } };
    assert.equal(condition("github.event_name == 'schedule'", contexts, passed), true);
    assert.equal(condition("${{ github.event_name == 'schedule' }}", contexts, failed), false);
    assert.equal(condition('${{ !cancelled() }}', contexts, failed), true);
    assert.equal(condition("${{ failure() && github.event_name == 'schedule' }}", contexts, failed), true);
    assert.equal(condition(undefined, contexts, failed), false, 'no if: is success()');
  });

  it("evaluates the workflow's own expressions: fallbacks, fromJSON, and steps' outcomes", () => {
    const contexts = {
      matrix: { environment: 'staging' },
      secrets: { WINK_CLIENT_ID: 'id' },
      inputs: {},
      needs: { plan: { outputs: { shards: '[1,2]' } } },
      steps: { history: { outcome: 'failure' } },
    };
    assert.equal(
      interpolateText("${{ matrix.environment == 'staging' && secrets.WINK_CLIENT_ID || '' }}", contexts, passed),
      'id',
    );
    assert.equal(
      interpolateText("${{ matrix.environment == 'production' && secrets.WINK_CLIENT_ID || '' }}", contexts, passed),
      '',
    );
    assert.equal(interpolate('${{ inputs.shards || vars.SMOKE_SHARDS || 1 }}', contexts, passed), 1);
    assert.deepEqual(interpolate('${{ fromJSON(needs.plan.outputs.shards) }}', contexts, passed), [1, 2]);
    assert.equal(interpolateText("${{ steps.history.outcome == 'success' && 'history' || '' }}", contexts, passed), '');
    assert.equal(interpolateText('blob-${{ matrix.environment }}-*', contexts, passed), 'blob-staging-*');
  });

  it("hashFiles is '' when no file matches, and a digest when one does", () => {
    assert.equal(interpolateText("${{ hashFiles('no-such-folder/*.zip') }}", {}, passed), '');
    assert.match(interpolateText("${{ hashFiles('package.json') }}", {}, passed), /^[0-9a-f]{64}$/);
  });

  it('reads GITHUB_OUTPUT lines and multi-line values', () => {
    assert.deepEqual(readOutputs('shards=[1,2]\nnote<<EOF\na\nb\nEOF\nenvironments=["production"]\n'), {
      shards: '[1,2]',
      note: 'a\nb',
      environments: '["production"]',
    });
  });

  it('orders jobs after their needs, and refuses a need that does not exist', () => {
    const steps: never[] = [];
    assert.deepEqual(jobOrder({ pages: { needs: 'site', steps }, site: { needs: ['plan'], steps }, plan: { steps } }), [
      'plan',
      'site',
      'pages',
    ]);
    assert.throws(
      () => jobOrder({ site: { needs: 'nowhere', steps } }),
      /need each other or a job that does not exist/,
    );
  });

  it('fails a step that uses an action with no stand-in, naming it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-replay-unit-'));
    const context: StepContext = {
      job: 'smoke',
      workspace: dir,
      jobDir: dir,
      env: { PATH: process.env.PATH ?? '' },
      contexts: {},
      deadline: Date.now() + 60_000,
      standIn: { projectRoot: ROOT, artifactsDir: dir, remote: dir, pagesDir: dir },
      broken: [],
    };
    const result = await runStep({ uses: 'actions/cache@v4' }, 0, [], context);
    assert.equal(result.conclusion, 'failure');
    assert.match(result.error ?? '', /actions\/cache@v4 has no stand-in in the replay/);
    const script = await runStep({ run: 'echo "shards=[1]" >> "$GITHUB_OUTPUT"; exit 3' }, 1, [], context);
    assert.equal(script.error, 'exited with code 3', "bash runs with -e: the exit code is the step's");
    const kept = await runStep({ run: 'false', 'continue-on-error': true }, 2, [], context);
    assert.deepEqual([kept.outcome, kept.conclusion], ['failure', 'success']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("docs/alerts.md's table of stand-ins is the code's", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'alerts.md'), 'utf8');
    const rows = readme
      .split('\n')
      .filter((line) => line.startsWith('| '))
      .map((line) => line.split('|').map((cell) => cell.trim().replace(/^`([^`]*)`$/, '$1')));
    for (const standIn of [...STEP_STAND_INS, ...SERVICE_STAND_INS]) {
      const row = rows.find((cells) => cells[1] === standIn.for);
      assert.ok(row, `a row for ${standIn.for}`);
      assert.equal(row[2], standIn.instead, standIn.for);
    }
  });
});
