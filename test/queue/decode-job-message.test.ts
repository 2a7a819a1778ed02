import { decodeJobMessage } from '../../lib/queue/decode-job-message';
import { JobMessageError } from '../../lib/queue/errors';
import { makeJob } from '../../lib/webhook/job';

const job = makeJob({ type: 'plan', sha: 'c'.repeat(40), pullRequest: 12, requestedBy: 'octocat', fromFork: true }, 'acme/mesh', 'd-9', new Date('2026-11-25T12:00:00Z'));

describe('decodeJobMessage', () => {
  it('round-trips a job', () => {
    expect(decodeJobMessage(JSON.stringify(job))).toEqual(job);
  });

  it('drops fields it does not know (a newer sender during a deployment)', () => {
    expect(decodeJobMessage(JSON.stringify({ ...job, priority: 'high' }))).toEqual(job);
  });

  it.each([
    ['not JSON', 'nope', /body is not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['unknown type', JSON.stringify({ ...job, type: 'destroy' }), /type must be one of plan, apply, drift/],
    ['a branch name for sha', JSON.stringify({ ...job, sha: 'main' }), /sha must be a 40-hex commit SHA/],
    ['upper-case sha', JSON.stringify({ ...job, sha: 'C'.repeat(40) }), /sha must be a 40-hex/],
    ['repo mismatch', JSON.stringify({ ...job, repo: { owner: 'acme', name: 'mesh', fullName: 'evil/mesh' } }), /repo.fullName must be owner\/name/],
    ['bad pull request', JSON.stringify({ ...job, pullRequest: -1 }), /pullRequest must be a positive integer/],
    ['bad time', JSON.stringify({ ...job, createdAt: 'yesterday' }), /createdAt/],
    ['missing id', JSON.stringify({ ...job, id: undefined }), /id must be a non-empty string/],
  ])('refuses %s', (_name, body, message) => {
    expect(() => decodeJobMessage(body)).toThrow(JobMessageError);
    expect(() => decodeJobMessage(body)).toThrow(message);
  });
});
