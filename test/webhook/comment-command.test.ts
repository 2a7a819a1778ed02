import { parseCommentCommand } from '../../lib/webhook/comment-command';

describe('parseCommentCommand', () => {
  it.each([
    '/meshops plan',
    '  /meshops plan  ',
    '/MESHOPS Plan',
    '/meshops   plan',
    '/meshops plan\r\nPlease re-run after the rebase.',
    '\uFEFF/meshops plan',
  ])('%j is a plan command', (body) => {
    expect(parseCommentCommand(body)).toEqual({ command: 'plan' });
  });

  it.each(['', 'LGTM', 'please run /meshops plan', '> /meshops plan', 'LGTM\n/meshops plan', '/meshopsplan'])('%j is not a command', (body) => {
    expect(parseCommentCommand(body)).toBeUndefined();
  });

  it.each([
    ['/meshops apply', '/meshops apply'],
    ['/meshops plan now', '/meshops plan now'],
    ['/meshops', '/meshops'],
  ])('%j is an unknown command', (body, text) => {
    expect(parseCommentCommand(body)).toEqual({ command: 'unknown', text });
  });
});
